//! Wake-ups for the results feed's long polls. One background task per process
//! listens on the `liasse_results` channel (payload: the tenant id) and broadcasts
//! to waiting requests. Notifications are lost while the connection is down, so
//! after every reconnect everyone is woken to re-check the table.

use std::time::Duration;

use liasse_core::TenantId;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;

/// What a waiter receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    Tenant(TenantId),
    /// The listener reconnected: anything may have happened, re-check.
    Everyone,
}

#[derive(Debug, Clone)]
pub struct ResultsListener {
    sender: broadcast::Sender<Wake>,
}

pub const CHANNEL: &str = "liasse_results";

impl ResultsListener {
    /// Starts the listening task on its own connection.
    pub fn spawn(database_url: String) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let task_sender = sender.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = listen(&database_url, &task_sender).await {
                    tracing::warn!(error = %e, "results listener lost its connection; reconnecting");
                }
                let _ = task_sender.send(Wake::Everyone);
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        });
        Self { sender }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.sender.subscribe()
    }

    /// Waits until `tenant` may have new results or `timeout` passes. Subscribe
    /// before checking the table, then call this with the receiver, so a
    /// notification between the check and the wait is not missed.
    pub async fn wait_for(receiver: &mut broadcast::Receiver<Wake>, tenant: TenantId, timeout: Duration) {
        let wait = async {
            loop {
                match receiver.recv().await {
                    Ok(Wake::Tenant(t)) if t != tenant => continue,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => {
                        std::future::pending::<()>().await;
                    }
                }
            }
        };
        let _ = tokio::time::timeout(timeout, wait).await;
    }
}

async fn listen(url: &str, sender: &broadcast::Sender<Wake>) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    // Connected: wake everyone once, in case something committed while we were away.
    let _ = sender.send(Wake::Everyone);
    loop {
        // `try_recv` reports a lost connection as `None` (the next call reconnects),
        // which `recv` would hide: the notifications missed meanwhile need a re-check.
        match listener.try_recv().await? {
            Some(notification) => {
                if let Ok(tenant) = notification.payload().parse::<TenantId>() {
                    let _ = sender.send(Wake::Tenant(tenant));
                }
            }
            None => {
                let _ = sender.send(Wake::Everyone);
            }
        }
    }
}
