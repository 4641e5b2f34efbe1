pub mod admin;
pub mod process;
pub mod run;
pub mod submit;
