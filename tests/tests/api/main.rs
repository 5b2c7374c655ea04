//! One integration-test binary (faster to link than one per file); each module is one area.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod binaries;
mod cas_configuration;
mod compose;
mod configuration;
mod contract;
mod demo;
mod faults;
mod flag_setting_names;
mod fuzz;
mod generated;
mod health;
mod live;
mod log_store;
mod metrics;
mod migrations;
mod object_bodies;
mod permission_matrix;
mod pushes;
mod signin_cas;
mod signin_ldap;
mod smoke;
mod vanished;
mod web;
mod webhooks;
