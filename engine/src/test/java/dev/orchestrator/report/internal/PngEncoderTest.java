package dev.orchestrator.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    @Test
    void anRgbImageDecodesToTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                // flat runs (as in a graph) and arbitrary colours, so every byte difference wraps somewhere
                image.setRGB(x, y, x % 5 == 0 ? random.nextInt(0x1000000) : 0x81C784);
            }
        }

        assertSamePixels(image, decode(PngEncoder.encode(image)));
    }

    @Test
    void aSubImageAndOtherImageTypesAreEncodedToo() throws Exception {
        BufferedImage rgb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(3, 4, 0xE57373);
        BufferedImage part = rgb.getSubimage(2, 2, 10, 5);
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0xFF546E7A);

        assertSamePixels(part, decode(PngEncoder.encode(part)));
        assertThat(decode(PngEncoder.encode(argb)).getRGB(1, 1)).isEqualTo(0xFF546E7A);
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded).as("a PNG ImageIO can read").isNotNull();
        return decoded;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(actual.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d", x, y)
                        .isEqualTo(expected.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }
}
