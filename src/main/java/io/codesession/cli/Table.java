package io.codesession.cli;

import java.util.ArrayList;
import java.util.List;

/** Box-drawn tables: one space of padding, a rule between every row, multi-line cells wrap. */
final class Table {

    private Table() {
    }

    static String render(Output out, List<String> header, List<List<String>> rows) {
        int cols = header.size();
        int[] width = new int[cols];
        List<List<String[]>> all = new ArrayList<>();
        List<List<String>> withHeader = new ArrayList<>();
        withHeader.add(header);
        withHeader.addAll(rows);
        for (List<String> row : withHeader) {
            List<String[]> cells = new ArrayList<>();
            for (int i = 0; i < cols; i++) {
                String v = i < row.size() && row.get(i) != null ? row.get(i) : "";
                String[] lines = v.split("\r?\n", -1);
                for (String l : lines) {
                    width[i] = Math.max(width[i], l.codePointCount(0, l.length()));
                }
                cells.add(lines);
            }
            all.add(cells);
        }
        StringBuilder sb = new StringBuilder();
        rule(sb, width, '┌', '┬', '┐');
        for (int r = 0; r < all.size(); r++) {
            List<String[]> cells = all.get(r);
            int height = cells.stream().mapToInt(c -> c.length).max().orElse(1);
            for (int h = 0; h < height; h++) {
                sb.append('│');
                for (int i = 0; i < cols; i++) {
                    String[] lines = cells.get(i);
                    String v = h < lines.length ? lines[h] : "";
                    int pad = width[i] - v.codePointCount(0, v.length());
                    String shown = r == 0 ? out.bold(out.cyan(v)) : v;
                    sb.append(' ').append(shown).append(" ".repeat(pad)).append(" │");
                }
                sb.append('\n');
            }
            if (r < all.size() - 1) {
                rule(sb, width, '├', '┼', '┤');
            }
        }
        rule(sb, width, '└', '┴', '┘');
        return sb.toString();
    }

    private static void rule(StringBuilder sb, int[] width, char left, char mid, char right) {
        sb.append(left);
        for (int i = 0; i < width.length; i++) {
            sb.append("─".repeat(width[i] + 2)).append(i < width.length - 1 ? mid : right);
        }
        sb.append('\n');
    }
}
