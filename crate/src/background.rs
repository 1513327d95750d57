//! Helper threads that keep out of the training thread's way.

/// Lowers the calling thread's priority (nice 10 on Linux; elsewhere nothing), for work
/// that runs beside training: test passes and the check of the training file. On two
/// cores, three busy threads made the scheduler share the training thread's core,
/// which slowed training measurably (figures: README, Speed). At nice 10 the helpers
/// weigh a tenth of the training thread, so they share the other core and leave the
/// training thread's alone; they still get their turn on a busy machine, where a lower
/// class (SCHED_IDLE) could starve them and so stall the run's last line.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: a plain system call. On Linux, PRIO_PROCESS with id 0 is the calling
    // thread; if it fails, the thread keeps its priority, which only costs speed.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
