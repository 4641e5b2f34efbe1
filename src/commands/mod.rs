pub mod admin;
pub mod eval;
pub mod process;
pub mod run;
pub mod submit;
