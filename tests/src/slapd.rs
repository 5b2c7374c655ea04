//! A throwaway OpenLDAP server per test: its own directory, config, seed data and free port. No root needed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use rolf_common::config::LdapConfig;

pub const SUFFIX: &str = "dc=rolf,dc=test";
pub const ROOT_DN: &str = "cn=admin,dc=rolf,dc=test";
pub const ROOT_PW: &str = "admin-secret";

/// People and groups the LDAP tests sign in with:
/// - alice: member of `ops` (groupOfNames) and `devs` (posixGroup, by memberUid)
/// - bob: member of `devs` only
/// - carol: in no group
/// - dave: member of `sysadmins` (groupOfNames), which tests map onto the admin group
/// - erin: member of `qa` (groupOfUniqueNames)
///
/// Each password is `<name>-pw`.
pub const SEED: &str = "dn: dc=rolf,dc=test
objectClass: dcObject
objectClass: organization
o: Rolf tests
dc: rolf

dn: ou=people,dc=rolf,dc=test
objectClass: organizationalUnit
ou: people

dn: ou=groups,dc=rolf,dc=test
objectClass: organizationalUnit
ou: groups

dn: uid=alice,ou=people,dc=rolf,dc=test
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: A
userPassword: alice-pw

dn: uid=bob,ou=people,dc=rolf,dc=test
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: B
userPassword: bob-pw

dn: uid=carol,ou=people,dc=rolf,dc=test
objectClass: inetOrgPerson
uid: carol
cn: Carol
sn: C
userPassword: carol-pw

dn: uid=dave,ou=people,dc=rolf,dc=test
objectClass: inetOrgPerson
uid: dave
cn: Dave
sn: D
userPassword: dave-pw

dn: uid=erin,ou=people,dc=rolf,dc=test
objectClass: inetOrgPerson
uid: erin
cn: Erin
sn: E
userPassword: erin-pw

dn: cn=ops,ou=groups,dc=rolf,dc=test
objectClass: groupOfNames
cn: ops
member: uid=alice,ou=people,dc=rolf,dc=test

dn: cn=devs,ou=groups,dc=rolf,dc=test
objectClass: posixGroup
cn: devs
gidNumber: 5000
memberUid: alice
memberUid: bob

dn: cn=sysadmins,ou=groups,dc=rolf,dc=test
objectClass: groupOfNames
cn: sysadmins
member: uid=dave,ou=people,dc=rolf,dc=test

dn: cn=qa,ou=groups,dc=rolf,dc=test
objectClass: groupOfUniqueNames
cn: qa
uniqueMember: uid=erin,ou=people,dc=rolf,dc=test
";

pub struct Slapd {
    pub dir: PathBuf,
    pub port: u16,
    conf: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Slapd {
    /// Starts a server loaded with [`SEED`].
    pub fn start() -> Slapd {
        let dir = std::env::temp_dir().join(crate::unique("rolf-slapd"));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let conf = dir.join("slapd.conf");
        std::fs::write(
            &conf,
            format!(
                "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {dir}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix \"{SUFFIX}\"
rootdn \"{ROOT_DN}\"
rootpw {ROOT_PW}
directory {dir}/data
access to attrs=userPassword by anonymous auth by self read by * none
access to * by * read
",
                dir = dir.display()
            ),
        )
        .unwrap();
        let seed = dir.join("seed.ldif");
        std::fs::write(&seed, SEED).unwrap();
        let out =
            Command::new("slapadd").arg("-f").arg(&conf).arg("-l").arg(&seed).output().expect(
                "slapadd missing: scripts/test installs slapd and ldap-utils (apt-get install slapd ldap-utils)",
            );
        assert!(out.status.success(), "slapadd: {}", String::from_utf8_lossy(&out.stderr));
        let mut slapd = Slapd { dir, port: 0, conf };
        slapd.launch();
        slapd
    }

    /// Starts slapd on a fresh free port and waits until it answers. Retries on a port race.
    fn launch(&mut self) {
        for _ in 0..5 {
            self.port = free_port();
            let status = Command::new("slapd")
                .arg("-f")
                .arg(&self.conf)
                .arg("-h")
                .arg(self.url())
                .status()
                .expect("slapd missing: scripts/test installs it");
            if status.success() && self.wait_ready() {
                return;
            }
            self.stop();
        }
        panic!("slapd did not start; see {}", self.dir.display());
    }

    fn wait_ready(&self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let ok = Command::new("ldapsearch")
                .args(["-x", "-H", &self.url(), "-b", "", "-s", "base", "-o", "nettimeout=1"])
                .output()
                .is_ok_and(|o| o.status.success());
            if ok {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}/", self.port)
    }

    /// Rolf's configuration for this server, with the defaults of the README.
    pub fn config(&self) -> LdapConfig {
        LdapConfig {
            url: self.url(),
            bind_dn: None,
            bind_password: None,
            user_base: format!("ou=people,{SUFFIX}"),
            user_filter: rolf_common::config::auth::DEFAULT_LDAP_USER_FILTER.to_owned(),
            group_base: format!("ou=groups,{SUFFIX}"),
            group_filter: rolf_common::config::auth::DEFAULT_LDAP_GROUP_FILTER.to_owned(),
            group_name_attribute: "cn".to_owned(),
            starttls: false,
            timeout: Duration::from_secs(2),
        }
    }

    /// Applies an LDIF change as the directory's root (e.g. to move a user between groups).
    pub fn modify(&self, ldif: &str) {
        let file = self.dir.join(crate::unique("change"));
        std::fs::write(&file, ldif).unwrap();
        let out = Command::new("ldapmodify")
            .args(["-x", "-H", &self.url(), "-D", ROOT_DN, "-w", ROOT_PW, "-f"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "ldapmodify: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn stop(&self) {
        let pidfile = self.dir.join("slapd.pid");
        if let Ok(pid) = std::fs::read_to_string(&pidfile) {
            let pid = pid.trim().to_owned();
            // Only while that pid is still a slapd: pids wrap quickly here, and a stale one may be anyone's now.
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            if comm.trim() == "slapd" {
                let _ = Command::new("kill").arg(&pid).status();
            }
            let _ = std::fs::remove_file(&pidfile);
            // Wait until the port is free, so "stopped" means stopped for the test that asked.
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline && std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
