package dev.crahub.invoice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import dev.crahub.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gapless numbering on a real PostgreSQL: concurrent issuers, some of which roll back, never produce a gap or
 * a duplicate, and series of different sellers or years do not interfere.
 */
class InvoiceNumberingTests {

    static MigratedDatabase db;
    static JdbcClient jdbc;
    static TransactionTemplate tx;
    static InvoiceNumbering numbering;

    @BeforeAll
    static void database() {
        db = MigratedDatabase.start();
        jdbc = db.jdbc;
        tx = db.tx;
        numbering = new InvoiceNumbering(jdbc);
        for (String seller : List.of("s1", "s2")) {
            jdbc.sql("""
                    INSERT INTO seller (code, name, siren, address_lines, postcode, city, country, invoice_prefix)
                    VALUES (:code, 'Seller', '123456782', 'street', '75001', 'Paris', 'FR', :prefix)
                    """).param("code", seller).param("prefix", seller.toUpperCase()).update();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void concurrentIssuersNeverLeaveAGapNorADuplicate() throws Exception {
        ConcurrentLinkedQueue<Integer> committed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(pool.submit(() -> {
                boolean rollback = ThreadLocalRandom.current().nextInt(5) == 0;
                try {
                    tx.executeWithoutResult(status -> {
                        int number = numbering.next("s1", "S1-2026");
                        if (rollback) {
                            // an issue that fails after taking its number (PDF, XML, constraint): it must give it back
                            throw new IllegalStateException("simulated failure after numbering");
                        }
                        committed.add(number);
                    });
                } catch (IllegalStateException expected) {
                    // rolled back
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        List<Integer> numbers = new ArrayList<>(committed);
        Collections.sort(numbers);
        assertThat(numbers).isNotEmpty().doesNotHaveDuplicates();
        assertThat(numbers.get(0)).isEqualTo(1);
        assertThat(numbers.get(numbers.size() - 1)).isEqualTo(numbers.size());
        assertThat(jdbc.sql("SELECT last_number FROM invoice_sequence WHERE seller_code = 's1' AND series = 'S1-2026'")
                .query(Integer.class).single()).isEqualTo(numbers.size());
    }

    @Test
    void seriesAreIndependentPerSellerAndYear() {
        int a = tx.execute(s -> numbering.next("s2", "S2-2026"));
        int b = tx.execute(s -> numbering.next("s2", "S2-2027"));
        int c = tx.execute(s -> numbering.next("s2", "S2-2026"));
        assertThat(List.of(a, b, c)).containsExactly(1, 1, 2);
        assertThat(InvoiceNumbering.format("S2-2026", 42)).isEqualTo("S2-2026-000042");
    }

    @Test
    void aNumberIsOnlyTakenInsideTheIssuingTransaction() {
        assertThatThrownBy(() -> numbering.next("s1", "S1-2026")).isInstanceOf(IllegalTransactionStateException.class);
    }
}
