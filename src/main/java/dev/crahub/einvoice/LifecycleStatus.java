package dev.crahub.einvoice;

import java.util.Arrays;
import java.util.Optional;

/**
 * The lifecycle statuses of an e-invoice in the French reform, as platforms report them in CDAR lifecycle flows
 * (process condition code, MDT-9): four mandatory (Déposée 200, Refusée 210, Encaissée 212, Rejetée 213), the others
 * optional. Codes and labels checked against the published lists cited in ADR 0022.
 */
public enum LifecycleStatus {
    DEPOSEE("200", "Déposée", true),
    EMISE("201", "Émise par la plateforme", false),
    RECUE("202", "Reçue par la plateforme", false),
    MISE_A_DISPOSITION("203", "Mise à disposition", false),
    PRISE_EN_CHARGE("204", "Prise en charge", false),
    APPROUVEE("205", "Approuvée", false),
    APPROUVEE_PARTIELLEMENT("206", "Approuvée partiellement", false),
    EN_LITIGE("207", "En litige", false),
    SUSPENDUE("208", "Suspendue", false),
    COMPLETEE("209", "Complétée", false),
    /** refused by the buyer */
    REFUSEE("210", "Refusée", true),
    PAIEMENT_TRANSMIS("211", "Paiement transmis", false),
    /** cashed in by the seller: the invoice is paid */
    ENCAISSEE("212", "Encaissée", true),
    /** rejected by a platform (the e-invoice does not pass its checks) */
    REJETEE("213", "Rejetée", true);

    private final String code;
    private final String label;
    private final boolean mandatory;

    LifecycleStatus(String code, String label, boolean mandatory) {
        this.code = code;
        this.label = label;
        this.mandatory = mandatory;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public boolean mandatory() {
        return mandatory;
    }

    /** Refusée or Rejetée: the invoice will not be paid as it is; billing must act (credit note, new invoice). */
    public boolean refusal() {
        return this == REFUSEE || this == REJETEE;
    }

    public static Optional<LifecycleStatus> ofCode(String code) {
        String c = code == null ? "" : code.strip();
        return Arrays.stream(values()).filter(s -> s.code.equals(c)).findFirst();
    }
}
