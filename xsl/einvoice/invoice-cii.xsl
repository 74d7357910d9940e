<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical invoice (urn:crahub:invoice:1) -> UN/CEFACT Cross Industry Invoice D22B (schema D16B+ compatible),
  EN 16931 profile (BT-24 urn:cen.eu:en16931:2017), with what the French rules ask: BT-23 business process, SIREN
  as legal identifier (scheme 0002), electronic addresses (scheme 0225, else EM), the PMT/PMD/AAB notes.
  The same CII is the factur-x.xml of the Factur-X (dev.crahub.einvoice.FacturX).
    cii/context.xsl      BT-23, BT-24, the document header and its notes (BG-1)
    cii/parties.xsl      seller BG-4 and buyer BG-7
    cii/lines.xsl        invoice lines BG-25
    cii/settlement.xsl   references, payment, VAT breakdown BG-23, allowances BG-20/21, totals BG-22
  Parameter e:attachments: optional XML text <attachments><file id="" mimeCode="" filename="">base64</file></attachments>;
  a supporting document (BG-24) whose id has a file there carries it as AttachmentBinaryObject (BT-125), else it is
  referenced only. Labels of the notes come from l10n/<language>.xml (keys payment.*, mention.*), formats from fo/format.xsl.
  Codes: UNTDID 1001 (380 invoice, 381 credit note), 5305 (VAT categories), 4461 (payment means), 7161 (charge
  reasons), 5189 (allowance reasons), 4451 (note subjects), 2475 (BT-8), UN/ECE Rec 20 (units); BT-125 mime codes.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:e="urn:crahub:xsl:einvoice"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
                xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
                exclude-result-prefixes="xs f e inv">

  <xsl:import href="../fo/format.xsl"/>
  <xsl:import href="cii/common.xsl"/>
  <xsl:import href="cii/context.xsl"/>
  <xsl:import href="cii/parties.xsl"/>
  <xsl:import href="cii/lines.xsl"/>
  <xsl:import href="cii/settlement.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/inv:invoice">
    <xsl:if test="inv:draft">
      <xsl:message terminate="yes" error-code="e:draft">A draft has no number and is no document: it has no e-invoice</xsl:message>
    </xsl:if>
    <rsm:CrossIndustryInvoice>
      <xsl:apply-templates select="." mode="e:context"/>
      <xsl:apply-templates select="." mode="e:document"/>
      <rsm:SupplyChainTradeTransaction>
        <xsl:apply-templates select="inv:lines/inv:line" mode="e:line"/>
        <xsl:apply-templates select="." mode="e:agreement"/>
        <ram:ApplicableHeaderTradeDelivery/>
        <xsl:apply-templates select="." mode="e:settlement"/>
      </rsm:SupplyChainTradeTransaction>
    </rsm:CrossIndustryInvoice>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes" error-code="e:not-an-invoice">invoice-cii.xsl expects a canonical invoice ({urn:crahub:invoice:1}invoice), got {<xsl:value-of select="namespace-uri()"/>}<xsl:value-of select="local-name()"/></xsl:message>
  </xsl:template>
</xsl:stylesheet>
