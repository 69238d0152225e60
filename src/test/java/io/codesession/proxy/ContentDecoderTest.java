package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecoderTest {

    static final class Collect implements ByteSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ended;

        @Override
        public void accept(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    static byte[] text() {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            sb.append("data: {\"i\":").append(r.nextInt(1000)).append(",\"t\":\"Grüße 世界\"}\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds {@code data} in pieces of 1..{@code max} bytes. */
    static Collect feed(String encoding, byte[] data, int max) {
        Collect c = new Collect();
        ByteSink d = ContentDecoder.wrap(encoding, c);
        Random r = new Random(max);
        int i = 0;
        while (i < data.length) {
            int n = Math.min(data.length - i, 1 + r.nextInt(max));
            d.accept(data, i, n);
            i += n;
        }
        d.end();
        return c;
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    @Test
    void gzipIsDecodedWhateverTheReadSizes() throws Exception {
        byte[] plain = text();
        byte[] gz = gzip(plain);
        for (int max : new int[] {1, 3, 17, 4096, 1 << 20}) {
            Collect c = feed("gzip", gz, max);
            assertThat(c.out.toByteArray()).isEqualTo(plain);
            assertThat(c.ended).isTrue();
        }
    }

    @Test
    void gzipWithHeaderFieldsAndSeveralMembers() throws Exception {
        byte[] a = "first ".getBytes(StandardCharsets.UTF_8);
        byte[] b = "second".getBytes(StandardCharsets.UTF_8);
        byte[] m1 = gzip(a);
        // FEXTRA + FNAME + FCOMMENT + FHCRC in the second member's header
        byte[] deflated;
        Deflater def = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        def.setInput(b);
        def.finish();
        byte[] buf = new byte[100];
        int n = def.deflate(buf);
        deflated = java.util.Arrays.copyOf(buf, n);
        ByteArrayOutputStream m2 = new ByteArrayOutputStream();
        m2.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        m2.write(new byte[] {3, 0, 'x', 'y', 'z'});
        m2.write("name.txt\0".getBytes(StandardCharsets.ISO_8859_1));
        m2.write("comment\0".getBytes(StandardCharsets.ISO_8859_1));
        m2.write(new byte[] {0, 0});
        m2.write(deflated);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b);
        long v = crc.getValue();
        m2.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24), (byte) b.length, 0, 0, 0});
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(m1);
        all.write(m2.toByteArray());
        for (int max : new int[] {1, 2, 5, 1000}) {
            Collect c = feed("x-gzip", all.toByteArray(), max);
            assertThat(c.out.toString(StandardCharsets.UTF_8)).isEqualTo("first second");
            assertThat(c.ended).isTrue();
        }
    }

    @Test
    void deflateZlibWrappedAndRaw() throws Exception {
        byte[] plain = text();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(plain);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
            d.write(plain);
        }
        for (int max : new int[] {1, 13, 8192}) {
            assertThat(feed("deflate", z.toByteArray(), max).out.toByteArray()).isEqualTo(plain);
            assertThat(feed("Deflate", raw.toByteArray(), max).out.toByteArray()).isEqualTo(plain);
        }
    }

    @Test
    void corruptOrTruncatedInputFailsQuietlyAndUnknownCodingsAreNotRead() throws Exception {
        byte[] gz = gzip(text());
        Collect truncated = new Collect();
        ContentDecoder d = (ContentDecoder) ContentDecoder.wrap("gzip", truncated);
        d.accept(gz, 0, gz.length / 2);
        d.end();
        assertThat(truncated.ended).isFalse();
        assertThat(d.failed()).isTrue();

        Collect garbage = new Collect();
        ContentDecoder g = (ContentDecoder) ContentDecoder.wrap("gzip", garbage);
        byte[] junk = "not gzip at all".getBytes(StandardCharsets.UTF_8);
        g.accept(junk, 0, junk.length);
        g.end();
        assertThat(g.failed()).isTrue();
        assertThat(garbage.out.size()).isZero();

        assertThat(ContentDecoder.wrap("br", new Collect())).isNull();
        assertThat(ContentDecoder.wrap("gzip, br", new Collect())).isNull();
        Collect plain = new Collect();
        assertThat(ContentDecoder.wrap("identity", plain)).isSameAs(plain);
        assertThat(ContentDecoder.wrap(null, plain)).isSameAs(plain);
    }
}
