//! docker-compose.yml cannot be run here (no container engine), so it is checked against what can be: it names
//! every service, passes only variables the binaries know (each documented in the README), and serves the same
//! demo directory as scripts/quickstart. Where `docker compose` exists, its own validation runs too.

use std::path::PathBuf;
use std::process::Command;

fn repo_file(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Environment variable names set in the compose file (`NAME: value` lines in upper case).
fn compose_variables(compose: &str) -> Vec<String> {
    let mut vars: Vec<String> = compose
        .lines()
        .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k.trim().to_owned()))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    vars.sort();
    vars.dedup();
    vars
}

#[test]
fn compose_names_every_service_and_only_documented_variables() {
    let compose = repo_file("docker-compose.yml");
    for service in ["postgres:", "redis:", "openldap:", "migrate:", "api:", "worker:"] {
        assert!(compose.lines().any(|l| l.trim_end() == format!("  {service}")), "service {service} missing");
    }
    // The images' own variables, not Rolf's.
    let foreign = [
        "POSTGRES_HOST_AUTH_METHOD",
        "POSTGRES_DB",
        "LDAP_ROOT",
        "LDAP_ADMIN_USERNAME",
        "LDAP_ADMIN_PASSWORD",
        "LDAP_PORT_NUMBER",
        "LDAP_CUSTOM_LDIF_DIR",
    ];
    let readme = repo_file("README.md");
    let rolf_vars: Vec<String> =
        compose_variables(&compose).into_iter().filter(|v| !foreign.contains(&v.as_str())).collect();
    assert!(rolf_vars.len() >= 8, "{rolf_vars:?}");
    for var in &rolf_vars {
        assert!(readme.contains(&format!("`{var}`")), "{var} is set in docker-compose.yml but not documented");
    }
    // The worker scales: no fixed port or container name.
    let worker = compose.split("\n  worker:").nth(1).unwrap().split("\nvolumes:").next().unwrap();
    assert!(!worker.contains("ports:") && !worker.contains("container_name:"), "{worker}");
}

#[test]
fn compose_and_quickstart_serve_the_same_demo_directory() {
    let compose = repo_file("docker-compose.yml");
    let quickstart = repo_file("scripts/quickstart");
    assert!(compose.contains("./scripts/ldap:/ldifs"), "compose must load scripts/ldap/demo.ldif");
    assert!(quickstart.contains("scripts/ldap/demo.ldif"));
    for base in ["ou=people,dc=example,dc=org", "ou=groups,dc=example,dc=org"] {
        assert!(compose.contains(base) && quickstart.contains(base), "{base} differs");
    }
    let ldif = repo_file("scripts/ldap/demo.ldif");
    assert!(ldif.contains("dn: dc=example,dc=org"), "the LDIF must hold the root entry the image expects");
}

#[test]
fn docker_compose_config_accepts_the_file_where_available() {
    let available = Command::new("docker").args(["compose", "version"]).output().is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("docker compose is not installed here; checked the file by hand above");
        return;
    }
    let out = Command::new("docker")
        .args(["compose", "-f"])
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docker-compose.yml"))
        .args(["config", "--quiet"])
        .env("ROLF_JWT_SECRET", "0123456789abcdef0123456789abcdef")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_image_carries_the_web_interface_where_compose_serves_it_from() {
    let dockerfile = repo_file("Dockerfile");
    let compose = repo_file("docker-compose.yml");
    let dir = compose
        .lines()
        .find_map(|l| l.trim().strip_prefix("ROLF_WEB_DIR:"))
        .map(str::trim)
        .expect("the api service sets ROLF_WEB_DIR");
    assert!(dockerfile.contains("RUN npm ci") && dockerfile.contains("RUN npm run build"), "{dockerfile}");
    assert!(dockerfile.contains(&format!("COPY --from=web /src/web/dist {dir}")), "{dockerfile}");
    let ignored = repo_file(".dockerignore");
    assert!(ignored.lines().any(|l| l == "web/node_modules"), "the build context would carry node_modules");
}
