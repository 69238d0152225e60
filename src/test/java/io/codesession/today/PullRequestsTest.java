package io.codesession.today;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.today.PullRequests.PullRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestsTest {

    @Test
    void parsesGhOutput() {
        String json = """
                [{"number":12,"title":"Retry uploads","state":"OPEN","url":"https://github.com/o/r/pull/12",
                  "reviewDecision":"CHANGES_REQUESTED","isDraft":false,
                  "statusCheckRollup":[{"__typename":"CheckRun","status":"COMPLETED","conclusion":"SUCCESS"},
                                       {"__typename":"CheckRun","status":"COMPLETED","conclusion":"FAILURE"}],
                  "comments":[{"body":"nice"},{"body":"but"}],
                  "reviews":[{"state":"CHANGES_REQUESTED","body":"please fix"},{"state":"APPROVED","body":""}]},
                 {"number":13,"title":"Docs","state":"OPEN","url":"u","reviewDecision":"","isDraft":true,
                  "statusCheckRollup":[]},
                 {"title":"no number: skipped"}]
                """;
        List<PullRequest> prs = PullRequests.parse(json);
        assertThat(prs).containsExactly(
                new PullRequest(12, "Retry uploads", "OPEN", "https://github.com/o/r/pull/12", 3, "failing", false,
                        "CHANGES_REQUESTED"),
                new PullRequest(13, "Docs", "OPEN", "u", 0, "unknown", true, null));
        assertThat(PullRequests.parse("not json")).isNull();
        assertThat(PullRequests.parse("{\"message\":\"x\"}")).isNull();
    }

    @Test
    void ciStatus() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(PullRequests.ciStatus(mapper.readTree("[]"))).isEqualTo("unknown");
        assertThat(PullRequests.ciStatus(mapper.readTree("[{\"status\":\"COMPLETED\",\"conclusion\":\"SUCCESS\"}]")))
                .isEqualTo("passing");
        assertThat(PullRequests.ciStatus(mapper.readTree(
                "[{\"status\":\"IN_PROGRESS\",\"conclusion\":\"\"},{\"status\":\"COMPLETED\",\"conclusion\":\"SUCCESS\"}]")))
                .isEqualTo("pending");
        assertThat(PullRequests.ciStatus(mapper.readTree("[{\"__typename\":\"StatusContext\",\"state\":\"PENDING\"}]")))
                .isEqualTo("pending");
        assertThat(PullRequests.ciStatus(mapper.readTree("[{\"__typename\":\"StatusContext\",\"state\":\"ERROR\"}]")))
                .isEqualTo("failing");
        assertThat(PullRequests.ciStatus(mapper.readTree("[{\"status\":\"COMPLETED\",\"conclusion\":\"TIMED_OUT\"}]")))
                .isEqualTo("failing");
    }
}
