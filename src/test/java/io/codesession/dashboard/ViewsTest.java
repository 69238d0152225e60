package io.codesession.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.common.Json;
import io.quarkus.qute.Engine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template engine works without reflection (so the native executable needs no reflection
 * registration for template data): {@code fmt:} reaches every helper of {@link Fmt} through an
 * explicit table, and objects other than maps, lists and plain values are not looked into.
 */
class ViewsTest {

    final Engine engine = new Views().engine();

    @Test
    void everyFmtHelperIsDispatched() {
        for (Method m : Fmt.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Arrays.fill(args, 1);
            assertThat(Views.call(m.getName(), args)).as("fmt:" + m.getName() + "/" + args.length)
                    .isNotSameAs(Views.NO_SUCH_HELPER);
        }
        assertThat(Views.call("cost", new Object[] {1})).isNotSameAs(Views.NO_SUCH_HELPER);
        assertThat(Views.call("nope", new Object[] {1})).isSameAs(Views.NO_SUCH_HELPER);
        assertThat(Views.call("cost", new Object[] {1, 2})).isSameAs(Views.NO_SUCH_HELPER);
    }

    @Test
    void fmtCallsRenderLikeTheHelpers() {
        String out = engine.parse("{fmt:cost(x)} {fmt:fixed(y, 2)} {fmt:perHour(c, d)} {fmt:pct(1, 4)}")
                .data("x", 1.5).data("y", 2).data("c", 3.0).data("d", 3600).render();
        assertThat(out).isEqualTo(Fmt.cost(1.5) + " " + Fmt.fixed(2, 2) + " " + Fmt.perHour(3.0, 3600) + " " + Fmt.pct(1, 4));
    }

    @Test
    void mapsAreReadButOtherObjectsAreNot() {
        assertThat(engine.parse("{o.name} {o.items.size}").data("o", Json.obj().add("name", "a").add("items", java.util.List.of(1, 2)))
                .render()).isEqualTo("a 2");
        record Thing(String name) {
        }
        assertThatThrownBy(() -> engine.parse("{t.name}").data("t", new Thing("a")).render())
                .hasMessageContaining("name");
        assertThat(engine.parse("{m.get('k')}").data("m", Map.of("k", "v")).render()).isEqualTo("v");
    }
}
