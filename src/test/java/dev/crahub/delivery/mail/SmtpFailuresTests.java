package dev.crahub.delivery.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed transmission read as permanent or transient, with the server's own words once (ADR 0023/0024). */
class SmtpFailuresTests {

    @Test
    void aLoginRefusedIsPermanentWithTheServersAnswer() {
        var refused = new AuthenticationFailedException("535 5.7.8 Authentication credentials invalid\n");
        assertThat(SmtpFailures.permanent(refused)).isTrue();
        assertThat(SmtpFailures.describe(new RuntimeException("wrapped", refused)))
                .isEqualTo("535 5.7.8 Authentication credentials invalid");
    }

    @Test
    void a5xxIsPermanentA4xxAndAServerDownAreTransient() {
        var unknown = new SMTPSendFailedException("DATA", 550, "550 5.1.1 <x@client.example>: user unknown", null, null,
                null, null);
        assertThat(SmtpFailures.permanent(unknown)).isTrue();
        assertThat(SmtpFailures.describe(unknown)).isEqualTo("550 5.1.1 <x@client.example>: user unknown");
        var greylisted = new SMTPSendFailedException("RCPT", 451, "451 4.7.1 try again later", null, null, null, null);
        assertThat(SmtpFailures.permanent(greylisted)).isFalse();
        var down = new MailConnectException(new org.eclipse.angus.mail.util.SocketConnectException("Connection refused",
                new java.net.ConnectException("Connection refused"), "127.0.0.1", 25, 30000));
        assertThat(SmtpFailures.permanent(new MessagingException("send", down))).isFalse();
    }
}
