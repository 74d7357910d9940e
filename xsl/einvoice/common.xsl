<?xml version="1.0" encoding="UTF-8"?>
<!--
  What every e-invoice syntax (UBL: invoice-ubl.xsl; CII: invoice-cii.xsl) reads the same way from the canonical
  invoice (urn:crahub:invoice:1): amounts, quantities, the French mentions carried as subject-coded notes, the
  electronic addresses, the codes of the supporting documents. Imports fo/format.xsl for f:label() and the number
  formats (every word comes from l10n/<language>.xml, keys einvoice.* and the mentions the PDF prints).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <xsl:import href="../fo/format.xsl"/>

  <!--
    Supporting documents attached to the e-invoice (BG-24 BT-125), given by the caller: whitespace-separated entries
    "id|mimeCode|fileName|base64" (the id is a supportingDocuments/document/@id of the canonical invoice). Without an
    entry a document is only referenced.
  -->
  <xsl:param name="annexes" as="xs:string" select="''"/>

  <!-- BR-FR-17 (FNFE-MPE BR-FR-Flux2 1.4): BT-123 is a code from the French list; annexes and receipts are annexes -->
  <xsl:param name="f:supporting-document-code" as="xs:string" select="'DOCUMENT_ANNEXE'"/>

  <!-- ========== numbers ========== -->

  <!-- an amount with exactly 2 decimals (EN 16931 BR-DEC, BR-FR-DEC-01) -->
  <xsl:function name="f:ei-amount" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="format-number(xs:decimal($value), '0.00')"/>
  </xsl:function>

  <!-- a quantity without trailing zeros (3.000000 is 3: BR-FR-DEC-02 allows 4 decimals); the value is unchanged -->
  <xsl:function name="f:ei-quantity" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="string(xs:decimal($value))"/>
  </xsl:function>

  <!-- ========== document ========== -->

  <!-- BT-23 French billing framework: the canonical's, else from the operation category (S1 services, B1 goods, M1 both) -->
  <xsl:function name="f:billing-framework" as="xs:string">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:sequence select="(normalize-space($invoice/inv:businessProcess)[.],
                           if ($invoice/inv:operationCategory = 'GOODS') then 'B1'
                           else if ($invoice/inv:operationCategory = 'MIXED') then 'M1' else 'S1')[1]"/>
  </xsl:function>

  <!--
    The mandatory French payment mentions as subject-coded notes (EN 16931 BG-1: BT-21 code, BT-22 text; BR-FR-05
    requires PMT, PMD and AAB, BR-FR-06 each once): PMT recovery indemnity, PMD late-payment penalties, AAB discount or
    none; TXD the VAT-on-debits option when, and only when, the seller opted. Returned as <note code="">text</note>.
  -->
  <xsl:function name="f:notes" as="element(note)*">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:variable name="terms" select="$invoice/inv:paymentTerms"/>
    <note code="PMT"><xsl:value-of select="f:label('payment.recovery-indemnity',
        f:amount($terms/inv:recoveryIndemnity, $terms/inv:recoveryIndemnity/@currency))"/></note>
    <note code="PMD"><xsl:value-of select="f:label('payment.late-penalty', f:percent($terms/inv:latePenaltyRate))"/></note>
    <note code="AAB"><xsl:value-of select="if (normalize-space($terms/inv:earlyPaymentDiscount) = 'none')
        then f:label('payment.no-discount') else normalize-space($terms/inv:earlyPaymentDiscount)"/></note>
    <xsl:if test="$invoice/inv:seller/inv:vatOnDebits = 'true'">
      <note code="TXD"><xsl:value-of select="f:label('mention.vat-on-debits')"/></note>
    </xsl:if>
  </xsl:function>

  <!-- one note as "#CODE#text" (the subject code convention of UBL, BR-FR-05); '#' is kept out of the text -->
  <xsl:function name="f:coded-note" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="concat('#', $note/@code, '#', translate(normalize-space($note), '#', ''))"/>
  </xsl:function>

  <!-- BT-20 payment terms: the delay and the due date -->
  <xsl:function name="f:payment-terms" as="xs:string">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:sequence select="f:label('einvoice.payment-terms', ($invoice/inv:paymentTerms/inv:days, f:date($invoice/inv:dueDate)))"/>
  </xsl:function>

  <!-- BT-33 seller additional legal information: legal form, share capital, registration -->
  <xsl:function name="f:seller-legal-information" as="xs:string?">
    <xsl:param name="seller" as="element(inv:seller)"/>
    <xsl:variable name="parts" as="xs:string*" select="(
        normalize-space($seller/inv:legalForm)[.],
        $seller/inv:shareCapital ! f:label('einvoice.share-capital', f:amount(., @currency)),
        normalize-space($seller/inv:registration)[.])"/>
    <xsl:sequence select="if (exists($parts)) then string-join($parts, ' – ') else ()"/>
  </xsl:function>

  <!-- ========== parties ========== -->

  <!--
    BT-34 / BT-49 electronic address and its scheme (EAS): the canonical's (0225 French directory, EM e-mail), else the
    SIREN with 0002, else the e-mail with EM; none when the party has neither (the validators then say it is missing).
    For Peppol ($peppol), whose EAS list has no EM: a party known only by e-mail is addressed by its VAT number under
    its country's VAT scheme (9930 DE...) when it has one; an EM address is left only when nothing else exists (such a
    party cannot be reached through Peppol, and Peppol's validator says so).
  -->
  <xsl:function name="f:endpoint" as="element(endpoint)?">
    <xsl:param name="party" as="element()"/>
    <xsl:param name="peppol" as="xs:boolean"/>
    <xsl:variable name="address" select="$party/inv:electronicAddress"/>
    <xsl:variable name="vat-scheme" select="$f:vat-eas[@country = substring($party/inv:vatNumber, 1, 2)]/@scheme"/>
    <xsl:choose>
      <xsl:when test="$address and not($peppol and $address/@scheme = 'EM')">
        <endpoint scheme="{$address/@scheme}"><xsl:value-of select="normalize-space($address)"/></endpoint>
      </xsl:when>
      <xsl:when test="$party/inv:siren">
        <endpoint scheme="0002"><xsl:value-of select="$party/inv:siren"/></endpoint>
      </xsl:when>
      <xsl:when test="$peppol and $vat-scheme">
        <endpoint scheme="{$vat-scheme}"><xsl:value-of select="$party/inv:vatNumber"/></endpoint>
      </xsl:when>
      <xsl:when test="$address">
        <endpoint scheme="{$address/@scheme}"><xsl:value-of select="normalize-space($address)"/></endpoint>
      </xsl:when>
      <xsl:when test="$party/inv:email">
        <endpoint scheme="EM"><xsl:value-of select="$party/inv:email"/></endpoint>
      </xsl:when>
    </xsl:choose>
  </xsl:function>

  <!-- EAS codes of VAT numbers (CEF Electronic Address Scheme list), by the VAT number's prefix -->
  <xsl:variable name="f:vat-eas" as="element(eas)*">
    <eas country="AT" scheme="9914"/><eas country="BE" scheme="9925"/><eas country="BG" scheme="9926"/>
    <eas country="CY" scheme="9928"/><eas country="CZ" scheme="9929"/><eas country="DE" scheme="9930"/>
    <eas country="EE" scheme="9931"/><eas country="EL" scheme="9933"/><eas country="ES" scheme="9920"/>
    <eas country="FR" scheme="9957"/><eas country="HR" scheme="9934"/><eas country="HU" scheme="9910"/>
    <eas country="IE" scheme="9935"/><eas country="IT" scheme="0211"/><eas country="LT" scheme="9937"/>
    <eas country="LU" scheme="9938"/><eas country="LV" scheme="9939"/><eas country="MT" scheme="9943"/>
    <eas country="NL" scheme="9944"/><eas country="PL" scheme="9945"/><eas country="PT" scheme="9946"/>
    <eas country="RO" scheme="9947"/><eas country="SI" scheme="9949"/><eas country="SK" scheme="9950"/>
  </xsl:variable>

  <!-- ========== supporting documents ========== -->

  <!-- the attachment the caller gave for a document id: <annex mimeCode="" fileName="">base64</annex>, or nothing -->
  <xsl:function name="f:annex" as="element(annex)?">
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="entry" select="tokenize(normalize-space($annexes), ' ')[substring-before(., '|') = $id][1]"/>
    <xsl:if test="$entry">
      <xsl:variable name="field" select="tokenize($entry, '\|')"/>
      <annex mimeCode="{$field[2]}" fileName="{$field[3]}"><xsl:value-of select="$field[4]"/></annex>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
