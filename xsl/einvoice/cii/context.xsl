<?xml version="1.0" encoding="UTF-8"?>
<!-- BT-23 business process, BT-24 specification, and the document header: BT-1, BT-3, BT-2, notes BG-1. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:e="urn:crahub:xsl:einvoice"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
                exclude-result-prefixes="xs f e inv">

  <!-- EN 16931 compliant CII; Factur-X reads the EN 16931 profile from this same identifier -->
  <xsl:variable name="e:guideline" select="'urn:cen.eu:en16931:2017'"/>

  <xsl:template match="inv:invoice" mode="e:context">
    <rsm:ExchangedDocumentContext>
      <xsl:if test="inv:businessProcess">
        <ram:BusinessProcessSpecifiedDocumentContextParameter>
          <ram:ID><xsl:value-of select="inv:businessProcess"/></ram:ID>
        </ram:BusinessProcessSpecifiedDocumentContextParameter>
      </xsl:if>
      <ram:GuidelineSpecifiedDocumentContextParameter>
        <ram:ID><xsl:value-of select="$e:guideline"/></ram:ID>
      </ram:GuidelineSpecifiedDocumentContextParameter>
    </rsm:ExchangedDocumentContext>
  </xsl:template>

  <xsl:template match="inv:invoice" mode="e:document">
    <rsm:ExchangedDocument>
      <ram:ID><xsl:value-of select="inv:number"/></ram:ID>
      <ram:TypeCode><xsl:value-of select="inv:typeCode"/></ram:TypeCode>
      <ram:IssueDateTime>
        <xsl:call-template name="e:date-time"><xsl:with-param name="date" select="inv:issueDate"/></xsl:call-template>
      </ram:IssueDateTime>
      <xsl:for-each select="e:notes(.)">
        <ram:IncludedNote>
          <ram:Content><xsl:value-of select="@text"/></ram:Content>
          <ram:SubjectCode><xsl:value-of select="@subject"/></ram:SubjectCode>
        </ram:IncludedNote>
      </xsl:for-each>
    </rsm:ExchangedDocument>
  </xsl:template>

  <!--
    The invoice's notes (BG-1) with their UNTDID 4451 subject: what the PDF prints as legal mentions.
      PMT  the 40 EUR recovery indemnity     PMD  late-payment penalties     AAB  early-payment discount
      TXD  the VAT mention of the regime (reverse charge, export, franchise) and the option for VAT on debits
      ACC  a credit note's or replacement's link to the invoice it corrects (the reason given)
    The same elements serve the UBL stylesheet (as cbc:Note "#subject#text").
  -->
  <xsl:function name="e:notes" as="element(note)*">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:variable name="terms" select="$invoice/inv:paymentTerms"/>
    <xsl:variable name="regime" select="string($invoice/inv:vatRegime)"/>
    <xsl:variable name="preceding" select="$invoice/inv:precedingInvoice"/>
    <xsl:if test="$preceding">
      <note subject="ACC" text="{if ($preceding/@correction eq 'REPLACEMENT')
                                  then f:label('invoice.replaces', ($preceding/inv:number, f:date($preceding/inv:issueDate)))
                                  else f:label('invoice.credit-note.corrects', ($preceding/inv:number, f:date($preceding/inv:issueDate)))}{
                                  if ($preceding/inv:reason) then concat(' – ', $preceding/inv:reason) else ''}"/>
    </xsl:if>
    <!-- one note per subject (BR-FR-06): the regime's mention and the option for VAT on debits share TXD -->
    <xsl:variable name="tax-mentions" as="xs:string*"
                  select="(if ($regime ne 'STANDARD') then f:label(concat('mention.', lower-case(replace($regime, '_', '-')))) else (),
                           if ($invoice/inv:seller/inv:vatOnDebits = 'true') then f:label('mention.vat-on-debits') else ())"/>
    <xsl:if test="exists($tax-mentions)">
      <note subject="TXD" text="{string-join($tax-mentions, ' ')}"/>
    </xsl:if>
    <note subject="PMD" text="{f:label('payment.late-penalty', f:percent($terms/inv:latePenaltyRate))}"/>
    <note subject="PMT" text="{f:label('payment.recovery-indemnity', f:amount($terms/inv:recoveryIndemnity, $terms/inv:recoveryIndemnity/@currency))}"/>
    <note subject="AAB" text="{if (normalize-space($terms/inv:earlyPaymentDiscount) eq 'none') then f:label('payment.no-discount')
                               else f:label('payment.discount', string($terms/inv:earlyPaymentDiscount))}"/>
  </xsl:function>
</xsl:stylesheet>
