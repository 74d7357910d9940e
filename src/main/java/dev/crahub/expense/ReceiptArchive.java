package dev.crahub.expense;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.crahub.document.ReceiptFiles;
import dev.crahub.system.CrahubHome;
import dev.crahub.system.Hashing;
import dev.crahub.system.WriteOnceFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The write-once copy of every receipt, {@code data/archive/receipts/<first two hex digits>/<sha256>.<pdf|jpg|png>}:
 * named by its SHA-256, so a file's name is its fingerprint and the same receipt uploaded twice is one file. The
 * database is the truth: a copy is written after the commit that recorded the receipt, and at every start any
 * receipt without its copy gets one; a copy whose bytes differ is reported and left as it is.
 */
@Component
@Order(1)
public class ReceiptArchive implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReceiptArchive.class);

    private final ExpenseStore store;
    private final Path root;

    public ReceiptArchive(ExpenseStore store, CrahubHome home) {
        this.store = store;
        this.root = home.archive("receipts");
    }

    /** Where a receipt's copy lives. */
    public Path file(String sha256, String mediaType) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256 + "." + ReceiptFiles.extension(mediaType));
    }

    /** Writes the copy once the current transaction committed (at once when there is none). */
    void writeAfterCommit(Receipts.Checked receipt) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    write(receipt.sha256(), receipt.mediaType(), receipt.content());
                }
            });
        } else {
            write(receipt.sha256(), receipt.mediaType(), receipt.content());
        }
    }

    private void write(String sha256, String mediaType, byte[] content) {
        Path file = file(sha256, mediaType);
        try {
            if (!WriteOnceFile.write(file, content)) {
                log.error("Archive: {} already exists with other content than the receipt recorded; left as it is",
                        root.relativize(file));
            }
        } catch (IOException | RuntimeException e) {
            // the database holds the receipt; the next start writes the copy
            log.error("Receipt {} recorded but its archive copy could not be written: {}", sha256, e.toString());
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        reconcile();
    }

    /** Writes the missing copies and reports differing ones; returns how many were written. */
    public synchronized int reconcile() {
        int written = 0;
        List<Receipts.Stored> receipts = store.receipts();
        for (Receipts.Stored r : receipts) {
            Path file = file(r.sha256(), r.mediaType());
            try {
                if (!Files.exists(file)) {
                    write(r.sha256(), r.mediaType(), store.receiptContent(r.id()));
                    written++;
                } else if (!Hashing.sha256(Files.readAllBytes(file)).equals(r.sha256())) {
                    log.error("Archive: {} differs from receipt {} as recorded in the database, which is the original; "
                            + "the file is left as it is for you to inspect", root.relativize(file), r.id());
                }
            } catch (IOException e) {
                log.error("Archive: receipt {} could not be checked: {}", r.id(), e.toString());
            }
        }
        if (written > 0) {
            log.warn("Archive: {} receipt copy(ies) written from the database (the hub stopped before archiving them)",
                    written);
        }
        return written;
    }
}
