//! A small Django app in a git repository of its own, with its requirements vendored as wheels in
//! `requirements/`, the way the starter cookbook expects an app: what the starter-cookbook test deploys.
//!
//! The wheels (Django and its dependencies) are fetched from PyPI once, with `pip download --only-binary=:all:`,
//! into a cache under the build's `target/` directory, and reused by later runs; every install from them is
//! `--no-index`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The Django the app pins (an LTS release: pure-Python wheels for every Python 3.8 to 3.12).
pub const DJANGO: &str = "4.2.16";

/// The Python the test's "server" builds virtualenvs with: the interpreter `python3` on the PATH resolves to
/// (with pyenv, the real one rather than its shim, which an SSH session's PATH would not find).
pub fn python() -> String {
    let out =
        Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().expect("python3 missing");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The build's `target/` directory: test binaries run from `target/<profile>/deps/`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).expect("a test binary lives in target/<profile>/deps").to_path_buf()
}

static DOWNLOAD: Mutex<()> = Mutex::new(());

/// The directory holding the Django wheel and its dependencies' wheels, downloaded on first use.
pub fn wheels() -> PathBuf {
    let _one_at_a_time = DOWNLOAD.lock().unwrap_or_else(|e| e.into_inner());
    let cache = target_dir().join("test-cache").join(format!("django-{DJANGO}-wheels"));
    if cache.join(".complete").exists() {
        return cache;
    }
    // Downloaded beside the cache and renamed into place, so an interrupted download is never taken for one.
    let partial = cache.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    let out = Command::new(python())
        .args(["-m", "pip", "download", "--disable-pip-version-check", "--only-binary=:all:", "-d"])
        .arg(&partial)
        .arg(format!("django=={DJANGO}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pip download django=={DJANGO} failed (the first run needs PyPI): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(partial.join(".complete"), "").unwrap();
    let _ = std::fs::remove_dir_all(&cache);
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    std::fs::rename(&partial, &cache).unwrap();
    cache
}

/// The app's repository (a plain one: pushing tags to it is allowed).
pub struct DjangoRepo {
    pub dir: PathBuf,
}

const MANAGE_PY: &str = r#"#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_app.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"#;

/// The database lives beside the code, not in it, so an rsync with --delete would keep it too.
const SETTINGS: &str = r#"from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "rolf-test-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "hello"]
MIDDLEWARE = []
ROOT_URLCONF = "site_app.urls"
WSGI_APPLICATION = "site_app.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR.parent / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
"#;

const WSGI: &str = r#"import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_app.settings")
application = get_wsgi_application()
"#;

const MODELS: &str = r#"from django.db import models


class Visit(models.Model):
    at = models.DateTimeField(auto_now_add=True)
"#;

const MIGRATION: &str = r#"from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Visit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
    ]
"#;

/// The page: which version answers, and a count that needs the migrated table.
fn urls(version: &str) -> String {
    format!(
        r#"from django.http import HttpResponse
from django.urls import path

from hello.models import Visit


def index(request):
    Visit.objects.create()
    return HttpResponse(f"hello from version {version} ({{Visit.objects.count()}} visits)")


urlpatterns = [path("", index)]
"#
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Rolf Test", "-c", "user.email=test@rolf.invalid"])
        .args(args)
        .output()
        .expect("git missing");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

impl DjangoRepo {
    /// A repository on branch `main` whose first commit answers "hello from version 1".
    pub fn create(dir: &Path) -> DjangoRepo {
        std::fs::create_dir_all(dir.join("site_app")).unwrap();
        std::fs::create_dir_all(dir.join("hello/migrations")).unwrap();
        std::fs::create_dir_all(dir.join("requirements")).unwrap();
        for entry in std::fs::read_dir(wheels()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "whl") {
                std::fs::copy(&path, dir.join("requirements").join(path.file_name().unwrap())).unwrap();
            }
        }
        let files: [(&str, &str); 8] = [
            ("manage.py", MANAGE_PY),
            ("site_app/__init__.py", ""),
            ("site_app/settings.py", SETTINGS),
            ("site_app/wsgi.py", WSGI),
            ("hello/__init__.py", ""),
            ("hello/models.py", MODELS),
            ("hello/migrations/__init__.py", ""),
            ("hello/migrations/0001_initial.py", MIGRATION),
        ];
        for (path, text) in files {
            std::fs::write(dir.join(path), text).unwrap();
        }
        git(dir, &["init", "--quiet", "--initial-branch=main"]);
        let repo = DjangoRepo { dir: dir.to_path_buf() };
        repo.commit("1", &[]);
        repo
    }

    /// Commits a version of the app: its page says `version`, and requirements.txt lists Django and `extra`.
    pub fn commit(&self, version: &str, extra: &[&str]) {
        std::fs::write(self.dir.join("site_app/urls.py"), urls(version)).unwrap();
        let mut requirements = format!("Django=={DJANGO}\n");
        for line in extra {
            requirements.push_str(line);
            requirements.push('\n');
        }
        std::fs::write(self.dir.join("requirements.txt"), requirements).unwrap();
        git(&self.dir, &["add", "--all"]);
        git(&self.dir, &["commit", "--quiet", "--message", &format!("version {version}")]);
    }

    /// The repository's tags.
    pub fn tags(&self) -> Vec<String> {
        git(&self.dir, &["tag", "--list"]).lines().map(str::to_owned).collect()
    }

    /// The commit a tag points at.
    pub fn commit_of(&self, rev: &str) -> String {
        git(&self.dir, &["rev-parse", &format!("{rev}^{{commit}}")]).trim().to_owned()
    }
}
