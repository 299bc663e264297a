package dev.ecslab.run;

/**
 * How the command line stops a run: the first interrupt (Ctrl-C) stops the steps and rolls back what the run
 * created; a second one abandons the rollback. The run registers the thread to interrupt.
 */
public final class RunControl {
    private volatile Thread runner;
    private volatile int interrupts;

    /** Called by the thread that runs the command. */
    public void attach() {
        runner = Thread.currentThread();
    }

    public void detach() {
        runner = null;
    }

    /** One Ctrl-C; returns how many there have been. */
    public int interrupt() {
        interrupts++;
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
        return interrupts;
    }

    /** True while a run that can be rolled back is attached. */
    public boolean running() {
        return runner != null;
    }

    public boolean interrupted() {
        return interrupts > 0;
    }

    /** True once a second interrupt asked to stop the rollback too. */
    public boolean rollbackAbandoned() {
        return interrupts > 1;
    }
}
