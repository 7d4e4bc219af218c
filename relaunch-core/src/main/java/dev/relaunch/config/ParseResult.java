package dev.relaunch.config;

import java.util.List;

/**
 * Everything {@link DotenvParser} found: the assignments in file order (duplicates included) and
 * the lines it had to skip. Both lists are immutable.
 */
public record ParseResult(List<EnvLine> lines, List<ParseProblem> problems) {

    public ParseResult {
        lines = List.copyOf(lines);
        problems = List.copyOf(problems);
    }
}
