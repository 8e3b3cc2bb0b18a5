package memwb.ui;

/** Where background operations report: the status bar, and a dialog for errors. Any thread. */
interface Feedback {
    /** Shows {@code message} in the status bar. */
    void status(String message);

    /** Shows {@code message} in the status bar and in an error dialog titled {@code title}. */
    void error(String title, String message);
}
