package dev.crahub.document;

import java.nio.file.Path;

/** TEMPORARY placeholder: replaced by the real renderer. */
public final class PdfRenderer {
    public PdfRenderer(Path xslDir) {
    }

    public byte[] render(byte[] fo) {
        throw new UnsupportedOperationException("placeholder");
    }
}
