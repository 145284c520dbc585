//! Work spread over threads, its results taken in order.
//!
//! [`in_order`] is how `pipeline` reads and extracts documents, and how `resolve` decodes
//! the spilled extractions while it merges them: the work runs on a pool a batch at a
//! time, and the calling thread takes the results in the order of the units, so what it
//! builds does not depend on the thread count.

use rayon::prelude::*;
use std::io;

/// Run `work` over `units` on `threads` threads and give the results to `sink` in the
/// order of `units`. Units are taken a batch at a time, so only two batches of them (and of
/// results) are in memory at once: while the pool works on one batch, the calling thread
/// hands the results of the previous one to `sink`, so that a slow sink (writing the
/// spill, drawing progress) does not leave the workers idle. With one thread there is no
/// pool and no batching. A stop request (`cancel::request`) ends it before the next unit
/// with `ErrorKind::Interrupted`.
pub(crate) fn in_order<U: Send, R: Send>(
    threads: usize,
    units: impl Iterator<Item = U>,
    work: impl Fn(U) -> R + Sync,
    mut sink: impl FnMut(R) -> io::Result<()>,
) -> io::Result<()> {
    let pool = match threads {
        0 | 1 => None,
        n => rayon::ThreadPoolBuilder::new().num_threads(n).build().ok(),
    };
    let Some(pool) = pool else {
        for unit in units {
            crate::cancel::check()?;
            sink(work(unit))?;
        }
        return Ok(());
    };
    let batch_len = 256 * threads;
    let mut units = units.peekable();
    let work = &work;
    // The scope's closure runs on the calling thread; only the batches go to the pool.
    pool.in_place_scope(|scope| {
        let mut previous: Option<std::sync::mpsc::Receiver<Vec<Option<R>>>> = None;
        loop {
            crate::cancel::check()?;
            let next = units.peek().is_some().then(|| {
                let batch: Vec<U> = units.by_ref().take(batch_len).collect();
                let (tx, rx) = std::sync::mpsc::sync_channel(1);
                scope.spawn(move |_| {
                    let results: Vec<Option<R>> = batch
                        .into_par_iter()
                        .map(|u| (!crate::cancel::requested()).then(|| work(u)))
                        .collect();
                    // The receiver is gone only when the sink failed.
                    let _ = tx.send(results);
                });
                rx
            });
            if let Some(rx) = previous.take() {
                let results = rx.recv().map_err(io::Error::other)?;
                for r in results {
                    crate::cancel::check()?;
                    sink(r.ok_or_else(|| io::Error::from(io::ErrorKind::Interrupted))?)?;
                }
            }
            match next {
                Some(rx) => previous = Some(rx),
                None => return Ok(()),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_keeps_the_order_for_any_thread_count() {
        for threads in [1, 2, 3] {
            let mut got = Vec::new();
            in_order(
                threads,
                0..2000u32,
                |i| i * 2,
                |r| {
                    got.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(got, (0..2000).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn in_order_stops_at_the_first_sink_error() {
        let mut n = 0;
        let r = in_order(
            2,
            0..5000u32,
            |i| i,
            |_| {
                n += 1;
                if n == 3 {
                    Err(io::Error::other("full"))
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(n, 3);
    }
}
