package dev.crahub.camel;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dead letters: failed exchanges kept with what is needed to understand and replay them. */
@Repository
public class DeadLetterStore {

    private final JdbcClient jdbc;

    public DeadLetterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long add(String routeId, String endpointUri, String headers, byte[] body, String bodyType, String error) {
        return jdbc.sql("""
                INSERT INTO dead_letter (route_id, endpoint_uri, headers, body, body_type, error)
                VALUES (:route, :endpoint, :headers, :body, :bodyType, :error) RETURNING id
                """)
                .param("route", routeId).param("endpoint", endpointUri).param("headers", headers).param("body", body)
                .param("bodyType", bodyType).param("error", error)
                .query(Long.class).single();
    }

    public List<DeadLetter> list(boolean pendingOnly) {
        return jdbc.sql("""
                SELECT id, route_id, endpoint_uri, headers, body, body_type, error, failed_at, replayed_at, replay_error
                FROM dead_letter WHERE (NOT :pending OR replayed_at IS NULL) ORDER BY id DESC LIMIT 500
                """)
                .param("pending", pendingOnly).query(DeadLetter.class).list();
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql("""
                SELECT id, route_id, endpoint_uri, headers, body, body_type, error, failed_at, replayed_at, replay_error
                FROM dead_letter WHERE id = :id
                """)
                .param("id", id).query(DeadLetter.class).optional();
    }

    public void replayed(long id, String error) {
        jdbc.sql("UPDATE dead_letter SET replayed_at = now(), replay_error = :error WHERE id = :id")
                .param("id", id).param("error", error).update();
    }

    /** A dead letter as ops see it. */
    public record DeadLetter(long id, String routeId, String endpointUri, String headers, byte[] body, String bodyType,
                             String error,
                             OffsetDateTime failedAt, OffsetDateTime replayedAt, String replayError) {
    }
}
