package dev.crahub.einvoice;

/**
 * A file that travels with an e-invoice (BG-24 supporting document): the time-detail annex, a receipt. {@code id} is
 * the supporting document's id in the canonical invoice (BT-122); in a Factur-X the file is attached to the PDF under
 * {@code fileName}; in a CII or UBL it is embedded (BT-125) with its media type.
 */
public record Attachment(String id, String fileName, String mediaType, byte[] content) {

    public Attachment {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,100}") || fileName == null || !fileName.matches("[A-Za-z0-9._-]{1,150}")) {
            throw new IllegalArgumentException("attachment id and file name must be plain names: " + id + ", " + fileName);
        }
        if (mediaType == null || !mediaType.matches("[a-z]{1,20}/[a-z0-9.+-]{1,60}")) {
            throw new IllegalArgumentException("attachment media type must be a plain type/subtype: " + mediaType);
        }
    }
}
