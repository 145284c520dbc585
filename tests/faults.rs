//! Faults on the real binary: SIGKILL at random points of a large build, a full disk
//! (RLIMIT_FSIZE: writes past the limit fail with EFBIG), and Ctrl-C (SIGINT). In every
//! case `--out` holds the old complete export or the new complete one, never a mix, and
//! nothing is left beside it that the next build does not clean.

#![cfg(unix)]

use assert_cmd::cargo::CommandCargoExt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Files = Vec<(String, Vec<u8>)>;

fn files_of(dir: &Path) -> Files {
    let mut v: Files = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

/// A corpus big enough for a build of about a second: the bundled articles, many times
/// under different names.
fn big_corpus(dir: &Path, copies: usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for sub in ["tests/corpus", "tests/dev/corpus"] {
        for e in fs::read_dir(root.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                texts.push(fs::read_to_string(p).unwrap());
            }
        }
    }
    texts.sort();
    fs::create_dir_all(dir).unwrap();
    for c in 0..copies {
        for (i, t) in texts.iter().enumerate() {
            fs::write(dir.join(format!("{c:04}_{i:02}.txt")), t).unwrap();
        }
    }
}

/// `newsgraph build IN --out OUT -q`, not yet started.
fn build_cmd(inp: &Path, out: &Path) -> Command {
    let mut cmd = newsgraph();
    cmd.arg("build")
        .arg(inp)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// The `.g.tmp-*` / `.g.old-*` folders beside `out`.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect()
}

/// A small deterministic random generator (xorshift), so that failures can be replayed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

struct Setup {
    _tmp: tempfile::TempDir,
    inp: PathBuf,
    out: PathBuf,
    old: Files,
    new: Files,
    /// How long a full build takes.
    took: Duration,
}

/// An old export of a smaller corpus in `out`, and the files the new, bigger one gives.
fn setup(copies: usize) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let inp = tmp.path().join("in");
    let out = tmp.path().join("g");
    big_corpus(&inp, copies);
    let small = tmp.path().join("small");
    big_corpus(&small, 1);
    assert!(build_cmd(&small, &out).status().unwrap().success());
    let old = files_of(&out);
    let reference = tmp.path().join("reference");
    let started = Instant::now();
    assert!(build_cmd(&inp, &reference).status().unwrap().success());
    let took = started.elapsed();
    let new = files_of(&reference);
    fs::remove_dir_all(&reference).unwrap();
    assert_ne!(old, new);
    Setup {
        _tmp: tmp,
        inp,
        out,
        old,
        new,
        took,
    }
}

fn assert_old_or_new(s: &Setup, what: &str) -> bool {
    let now = files_of(&s.out);
    if now == s.old {
        false
    } else if now == s.new {
        true
    } else {
        let names: Vec<&String> = now.iter().map(|f| &f.0).collect();
        panic!("{what}: --out holds a mix, neither the old nor the new export: {names:?}");
    }
}

#[test]
fn sigkill_at_random_points_leaves_the_old_or_the_new_export() {
    let s = setup(8);
    let mut rng = Rng(0x5eed_2026);
    let window = s.took.as_millis() as u64 * 12 / 10 + 1;
    let (mut old, mut new) = (0, 0);
    for round in 0..8 {
        // Start from the old export each round.
        fs::remove_dir_all(&s.out).unwrap();
        fs::create_dir_all(&s.out).unwrap();
        for (name, bytes) in &s.old {
            fs::write(s.out.join(name), bytes).unwrap();
        }
        let mut child = build_cmd(&s.inp, &s.out).spawn().unwrap();
        let delay = if round % 2 == 0 {
            // Anywhere in the build.
            let delay = rng.below(window);
            std::thread::sleep(Duration::from_millis(delay));
            delay
        } else {
            // While the exports are written: once the temporary folder appears.
            let started = Instant::now();
            while leftovers(&s.out).is_empty() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(rng.below(40)));
            started.elapsed().as_millis() as u64
        };
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        if assert_old_or_new(&s, &format!("round {round}, killed after {delay} ms")) {
            new += 1;
        } else {
            old += 1;
        }
    }
    eprintln!(
        "build takes {} ms; 8 kills: {old} left the old export, {new} the new one; leftovers {:?}",
        s.took.as_millis(),
        leftovers(&s.out)
    );
    // The next build completes, and removes what the killed ones left beside `out`.
    let out = build_cmd(&s.inp, &s.out).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files_of(&s.out), s.new);
    assert_eq!(leftovers(&s.out), Vec::<String>::new());
}

/// A full disk, made without root: RLIMIT_FSIZE below the size of the biggest export file,
/// SIGXFSZ ignored so that the write fails with EFBIG ("File too large").
#[test]
fn a_full_disk_fails_clearly_and_keeps_the_old_export() {
    use std::os::unix::process::CommandExt;
    let s = setup(4);
    let mut cmd = build_cmd(&s.inp, &s.out);
    // SAFETY: only async-signal-safe calls (setrlimit, signal) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 20_000,
                rlim_max: 20_000,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(stderr.contains("left unchanged"), "{stderr}");
    assert!(!assert_old_or_new(&s, "full disk"), "the old export stays");
    assert_eq!(leftovers(&s.out), Vec::<String>::new());
}

/// Ctrl-C: the build stops at the next document (or buffer flush while writing), removes
/// its temporary folder, leaves the old export and exits 130.
#[test]
fn sigint_stops_promptly_and_leaves_no_temporary_files() {
    let s = setup(8);
    let mut delay = s.took / 3;
    let mut interrupted = 0;
    for _ in 0..6 {
        let before = files_of(&s.out);
        let child = build_cmd(&s.inp, &s.out).spawn().unwrap();
        std::thread::sleep(delay);
        // SAFETY: kill(2) on the child we spawned.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let signalled = Instant::now();
        let out = child.wait_with_output().unwrap();
        let stopped_in = signalled.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(130) => {
                interrupted += 1;
                assert!(stderr.contains("newsgraph: interrupted"), "{stderr}");
                assert!(files_of(&s.out) == before, "the export is left as it was");
                // Not a timing target: a build that ignored the signal would run to its
                // end (`took`), and then write the new export.
                eprintln!("stopped {} ms after SIGINT", stopped_in.as_millis());
            }
            // The build had finished before the signal came.
            Some(0) => assert!(assert_old_or_new(&s, "finished")),
            // The signal came before the handler was installed: killed at once.
            None => {
                assert!(files_of(&s.out) == before);
            }
            other => panic!("exit {other:?}: {stderr}"),
        }
        assert_eq!(leftovers(&s.out), Vec::<String>::new());
        delay /= 2;
    }
    assert!(interrupted > 0, "no build was interrupted");
}
