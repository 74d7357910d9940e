<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared by the CII modules: dates (format 102), amounts, the attachments parameter. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:e="urn:crahub:xsl:einvoice"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
                xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
                exclude-result-prefixes="xs e inv">

  <xsl:param name="e:attachments" as="xs:string" select="''"/>
  <xsl:variable name="e:files" select="if ($e:attachments eq '') then () else parse-xml($e:attachments)/attachments/file"/>

  <!-- 2026-11-26 -> 20261126 -->
  <xsl:function name="e:date102" as="xs:string">
    <xsl:param name="date" as="xs:anyAtomicType"/>
    <xsl:sequence select="translate(string($date), '-', '')"/>
  </xsl:function>

  <xsl:template name="e:date-time">
    <xsl:param name="date" as="xs:anyAtomicType"/>
    <udt:DateTimeString format="102"><xsl:value-of select="e:date102($date)"/></udt:DateTimeString>
  </xsl:template>

  <!-- an amount with 2 decimals, as the canonical writes it -->
  <xsl:function name="e:amount" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then '0.00' else format-number(xs:decimal($value), '0.00')"/>
  </xsl:function>

  <!-- a quantity or price: as given, without trailing zeros beyond 2 places -->
  <xsl:function name="e:decimal" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="string(xs:decimal($value))"/>
  </xsl:function>

  <xsl:template name="e:indicator">
    <xsl:param name="value" as="xs:boolean"/>
    <udt:Indicator><xsl:value-of select="$value"/></udt:Indicator>
  </xsl:template>
</xsl:stylesheet>
