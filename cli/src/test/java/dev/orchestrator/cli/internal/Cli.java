package dev.orchestrator.cli.internal;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in process (picocli's execute) with captured stdout and stderr. */
final class Cli {

    /** What one command line gave. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
