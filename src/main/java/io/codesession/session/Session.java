package io.codesession.session;

/** One row of {@code sessions}, addressed by column name (2.6.0 databases may order columns differently). */
public record Session(
        long id,
        String name,
        String startTime,
        String endTime,
        Long duration,
        String workingDirectory,
        String gitRoot,
        String startGitHead,
        long filesChanged,
        long commits,
        double aiCost,
        long aiTokens,
        String notes,
        String status) {

    public static final String ACTIVE = "active";
    public static final String COMPLETED = "completed";

    public boolean isActive() {
        return ACTIVE.equals(status);
    }
}
