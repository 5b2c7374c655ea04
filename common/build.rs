// `embed_migrations!` reads ../migrations at compile time; without this a new migration would not rebuild.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
