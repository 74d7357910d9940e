package dev.crahub.referential;

import java.util.List;

/** A referential file that cannot be loaded; {@link #problems()} says where and why, one line each. */
public class InvalidReferentialException extends RuntimeException {

    private final List<String> problems;

    public InvalidReferentialException(List<String> problems) {
        super("Invalid referential (" + problems.size() + " problem(s)):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
