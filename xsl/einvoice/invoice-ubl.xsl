<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry: the canonical invoice (urn:crahub:invoice:1) as a UBL 2.1 Invoice (typeCode 380) or CreditNote (381), EN 16931.
  Two flavours (parameter "profile"), the same data otherwise:
    - peppol (default): Peppol BIS Billing 3.0. Its ProfileID (BT-23) is Peppol's process id and it allows one
      document note, so the French mentions travel in one note "#PMT#..#PMD#..#AAB#..".
    - fr-ctc: the French CTC flavour for an approved platform (FNFE-MPE BR-FR): ProfileID is the French billing
      framework (S1, B1, M1; BR-FR-08), CustomizationID urn:cen.eu:en16931:2017, one note per subject code.
  Parameters: profile, annexes (common.xsl: base64 attachments per supporting document id), f:language.
  Modules: ubl/parties.xsl (seller, buyer, payment), ubl/lines.xsl (lines, allowances and charges, VAT).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                exclude-result-prefixes="xs f inv">

  <xsl:import href="common.xsl"/>
  <xsl:import href="ubl/parties.xsl"/>
  <xsl:import href="ubl/lines.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- peppol | fr-ctc -->
  <xsl:param name="profile" as="xs:string" select="'peppol'"/>

  <xsl:variable name="f:peppol" as="xs:boolean" select="$profile ne 'fr-ctc'"/>

  <xsl:template match="/">
    <xsl:if test="not($profile = ('peppol', 'fr-ctc'))">
      <xsl:message terminate="yes">Unknown UBL profile '<xsl:value-of select="$profile"/>' (expected peppol or fr-ctc)</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="inv:invoice"/>
  </xsl:template>

  <xsl:template match="inv:invoice[inv:draft]">
    <xsl:message terminate="yes">A draft is no document: it has no e-invoice until it is issued</xsl:message>
  </xsl:template>

  <xsl:template match="inv:invoice[inv:typeCode = '381']">
    <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2">
      <xsl:apply-templates select="." mode="f:ubl-document"/>
    </CreditNote>
  </xsl:template>

  <xsl:template match="inv:invoice">
    <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">
      <xsl:apply-templates select="." mode="f:ubl-document"/>
    </Invoice>
  </xsl:template>

  <!-- the document's content, in the order of the UBL 2.1 schemas (Invoice and CreditNote differ in a few places) -->
  <xsl:template match="inv:invoice" mode="f:ubl-document">
    <xsl:variable name="credit" as="xs:boolean" select="inv:typeCode = '381'"/>
    <cbc:CustomizationID><xsl:value-of select="if ($f:peppol)
        then 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'
        else 'urn:cen.eu:en16931:2017'"/></cbc:CustomizationID>
    <!-- BT-23 -->
    <cbc:ProfileID><xsl:value-of select="if ($f:peppol) then 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'
        else f:billing-framework(.)"/></cbc:ProfileID>
    <cbc:ID><xsl:value-of select="inv:number"/></cbc:ID>
    <cbc:IssueDate><xsl:value-of select="inv:issueDate"/></cbc:IssueDate>
    <xsl:if test="not($credit)">
      <cbc:DueDate><xsl:value-of select="inv:dueDate"/></cbc:DueDate>
      <cbc:InvoiceTypeCode><xsl:value-of select="inv:typeCode"/></cbc:InvoiceTypeCode>
    </xsl:if>
    <xsl:if test="$credit">
      <cbc:CreditNoteTypeCode><xsl:value-of select="inv:typeCode"/></cbc:CreditNoteTypeCode>
    </xsl:if>
    <xsl:variable name="notes" select="f:notes(.)"/>
    <xsl:choose>
      <xsl:when test="$f:peppol">
        <cbc:Note><xsl:value-of select="string-join($notes ! f:coded-note(.), '')"/></cbc:Note>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$notes">
          <cbc:Note><xsl:value-of select="f:coded-note(.)"/></cbc:Note>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    <cbc:DocumentCurrencyCode><xsl:value-of select="inv:currency"/></cbc:DocumentCurrencyCode>
    <xsl:for-each select="inv:taxCurrency">
      <cbc:TaxCurrencyCode><xsl:value-of select="."/></cbc:TaxCurrencyCode>
    </xsl:for-each>
    <xsl:for-each select="inv:buyerReference">
      <cbc:BuyerReference><xsl:value-of select="normalize-space(.)"/></cbc:BuyerReference>
    </xsl:for-each>
    <!-- BG-14 -->
    <cac:InvoicePeriod>
      <cbc:StartDate><xsl:value-of select="inv:periodStart"/></cbc:StartDate>
      <cbc:EndDate><xsl:value-of select="inv:periodEnd"/></cbc:EndDate>
    </cac:InvoicePeriod>
    <xsl:for-each select="inv:purchaseOrder">
      <cac:OrderReference><cbc:ID><xsl:value-of select="normalize-space(.)"/></cbc:ID></cac:OrderReference>
    </xsl:for-each>
    <!-- BG-3 -->
    <xsl:for-each select="inv:precedingInvoice">
      <cac:BillingReference>
        <cac:InvoiceDocumentReference>
          <cbc:ID><xsl:value-of select="inv:number"/></cbc:ID>
          <cbc:IssueDate><xsl:value-of select="inv:issueDate"/></cbc:IssueDate>
        </cac:InvoiceDocumentReference>
      </cac:BillingReference>
    </xsl:for-each>
    <xsl:apply-templates select="inv:contractReference"/>
    <xsl:apply-templates select="inv:supportingDocuments/inv:document"/>
    <xsl:apply-templates select="inv:seller"/>
    <xsl:apply-templates select="inv:buyer"/>
    <xsl:apply-templates select="inv:paymentMeans"/>
    <cac:PaymentTerms>
      <cbc:Note><xsl:value-of select="f:payment-terms(.)"/></cbc:Note>
    </cac:PaymentTerms>
    <xsl:apply-templates select="inv:allowanceCharges/inv:allowanceCharge" mode="f:document"/>
    <xsl:apply-templates select="inv:vatBreakdown"/>
    <xsl:apply-templates select="inv:totals"/>
    <xsl:apply-templates select="inv:lines/inv:line"/>
  </xsl:template>

  <!-- BT-12 -->
  <xsl:template match="inv:contractReference">
    <cac:ContractDocumentReference><cbc:ID><xsl:value-of select="normalize-space(.)"/></cbc:ID></cac:ContractDocumentReference>
  </xsl:template>

  <!-- BG-24: BT-122 id, BT-123 the French code (BR-FR-17), BT-125 the attachment when the caller gave it -->
  <xsl:template match="inv:supportingDocuments/inv:document">
    <cac:AdditionalDocumentReference>
      <cbc:ID><xsl:value-of select="@id"/></cbc:ID>
      <cbc:DocumentDescription><xsl:value-of select="$f:supporting-document-code"/></cbc:DocumentDescription>
      <xsl:for-each select="f:annex(@id)">
        <cac:Attachment>
          <cbc:EmbeddedDocumentBinaryObject mimeCode="{@mimeCode}" filename="{@fileName}"><xsl:value-of select="."/></cbc:EmbeddedDocumentBinaryObject>
        </cac:Attachment>
      </xsl:for-each>
    </cac:AdditionalDocumentReference>
  </xsl:template>

  <!-- BG-23 VAT breakdown, then BT-111 the VAT total in the accounting currency (BT-6) in a TaxTotal of its own -->
  <xsl:template match="inv:vatBreakdown">
    <xsl:variable name="currency" select="../inv:currency"/>
    <cac:TaxTotal>
      <cbc:TaxAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(../inv:totals/inv:tax)"/></cbc:TaxAmount>
      <xsl:for-each select="inv:vat">
        <cac:TaxSubtotal>
          <cbc:TaxableAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:taxableAmount)"/></cbc:TaxableAmount>
          <cbc:TaxAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:taxAmount)"/></cbc:TaxAmount>
          <cac:TaxCategory>
            <cbc:ID><xsl:value-of select="@category"/></cbc:ID>
            <cbc:Percent><xsl:value-of select="@rate"/></cbc:Percent>
            <xsl:for-each select="inv:exemptionReasonCode">
              <cbc:TaxExemptionReasonCode><xsl:value-of select="."/></cbc:TaxExemptionReasonCode>
            </xsl:for-each>
            <xsl:for-each select="inv:exemptionReason">
              <cbc:TaxExemptionReason><xsl:value-of select="normalize-space(.)"/></cbc:TaxExemptionReason>
            </xsl:for-each>
            <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
          </cac:TaxCategory>
        </cac:TaxSubtotal>
      </xsl:for-each>
    </cac:TaxTotal>
    <xsl:for-each select="../inv:totals/inv:taxInAccountingCurrency">
      <cac:TaxTotal>
        <cbc:TaxAmount currencyID="{@currency}"><xsl:value-of select="f:ei-amount(.)"/></cbc:TaxAmount>
      </cac:TaxTotal>
    </xsl:for-each>
  </xsl:template>

  <!-- BG-22 -->
  <xsl:template match="inv:totals">
    <xsl:variable name="currency" select="../inv:currency"/>
    <cac:LegalMonetaryTotal>
      <cbc:LineExtensionAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:lineTotal)"/></cbc:LineExtensionAmount>
      <cbc:TaxExclusiveAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:taxExclusive)"/></cbc:TaxExclusiveAmount>
      <cbc:TaxInclusiveAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:taxInclusive)"/></cbc:TaxInclusiveAmount>
      <xsl:for-each select="inv:allowanceTotal">
        <cbc:AllowanceTotalAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(.)"/></cbc:AllowanceTotalAmount>
      </xsl:for-each>
      <xsl:for-each select="inv:chargeTotal">
        <cbc:ChargeTotalAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(.)"/></cbc:ChargeTotalAmount>
      </xsl:for-each>
      <cbc:PayableAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:payable)"/></cbc:PayableAmount>
    </cac:LegalMonetaryTotal>
  </xsl:template>

</xsl:stylesheet>
