package dev.crahub.einvoice;

/**
 * One finding of a validator on an e-invoice: which validator ({@code mustang-pdf}, {@code mustang-xml},
 * {@code phive-en16931-cii}, {@code phive-en16931-ubl}, {@code phive-peppol}, {@code crahub-br-fr}...), how grave, the
 * rule (BR-CO-15, 6.6.2.1...), where (an XPath or a PDF object), and the validator's own text.
 */
public record ValidationMessage(String validator, Severity severity, String rule, String location, String text) {

    public enum Severity {
        /** stops the e-invoice at the gate */
        ERROR,
        /** kept on the invoice, does not stop it */
        WARNING,
        NOTICE
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
