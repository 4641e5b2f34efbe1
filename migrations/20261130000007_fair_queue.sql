-- Fair claiming across tenants: start-time fair queuing on apalis's job priority.
--
-- Each job gets a tag on a virtual clock; workers claim the smallest tag first (apalis
-- orders by priority DESC, so priority = 2147483647 - tag). A tenant's new jobs are
-- tagged from max(its own last tag, the queue's virtual time), one apart: a tenant with
-- 10,000 jobs waiting holds tags far ahead, and another tenant's batch submitted
-- meanwhile is tagged from the queue's current position, so the two interleave
-- instead of the newcomer waiting behind the whole backlog (see scheduler::queue).

ALTER TABLE tenants ADD COLUMN fair_tag bigint NOT NULL DEFAULT 0;

-- The last tag given out, which is the virtual time when no job waits.
CREATE TABLE queue_clock (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_tag bigint NOT NULL
);
INSERT INTO queue_clock (id, last_tag) VALUES (true, 0);
GRANT SELECT, UPDATE ON queue_clock TO liasse_app, liasse_admin;
