<?xml version="1.0" encoding="UTF-8"?>
<!--
  Annex "products and fees" (inv:annexes/inv:products): one row per PRODUCT or FEE line the annex names (line number,
  kind, reference, description with its discount, quantity and unit, unit price, VAT rate, amount excluding VAT), the
  figures read from the invoice's own lines, and their total. Built on the model of fo/annex-time-detail.xsl.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <xsl:template match="inv:annexes/inv:products" mode="f:annex-title" as="xs:string">
    <xsl:sequence select="f:label('annex.products.title')"/>
  </xsl:template>

  <xsl:template match="inv:annexes/inv:products" mode="f:annex">
    <xsl:variable name="invoice" select="ancestor::inv:invoice"/>
    <xsl:variable name="number" select="f:annex-number(.)"/>
    <xsl:variable name="sequence-id" select="concat('seq-annex-', $number)"/>
    <xsl:variable name="title" select="f:label('annex.heading', ($number, f:label('annex.products.title')))"/>
    <fo:page-sequence master-reference="document" id="{$sequence-id}" force-page-count="no-force">
      <fo:static-content flow-name="header">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-bottom="0.4pt solid {$f:color-border}" padding-bottom="1mm">
          <fo:inline font-weight="bold" color="{$f:color-accent}"><xsl:value-of select="$invoice/inv:seller/inv:name"/></fo:inline>
          <fo:leader leader-pattern="space"/>
          <fo:inline font-weight="bold"><xsl:value-of select="f:invoice-reference($invoice)"/></fo:inline>
        </fo:block>
        <fo:block xsl:use-attribute-sets="f:footer" text-align="end">
          <xsl:value-of select="$title"/>
        </fo:block>
      </fo:static-content>
      <fo:static-content flow-name="footer">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-top="0.4pt solid {$f:color-border}" padding-top="1mm">
          <xsl:value-of select="concat(f:invoice-reference($invoice), ' – ', $title)"/>
          <fo:leader leader-pattern="space"/>
          <xsl:sequence select="f:page-x-of-y(f:last-sequence-id($invoice))"/>
        </fo:block>
      </fo:static-content>
      <fo:flow flow-name="xsl-region-body">
        <fo:block xsl:use-attribute-sets="f:title" font-size="15pt"><xsl:value-of select="$title"/></fo:block>
        <fo:block space-before="1.5mm" color="{$f:color-muted}">
          <xsl:value-of select="f:label('annex.products.subtitle', f:invoice-reference($invoice))"/>
        </fo:block>
        <xsl:apply-templates select="." mode="f:products-table">
          <xsl:with-param name="invoice" select="$invoice"/>
        </xsl:apply-templates>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <xsl:template match="inv:products" mode="f:products-table">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:variable name="currency" select="string($invoice/inv:currency)"/>
    <xsl:variable name="lines" select="for $n in inv:item/@line return $invoice/inv:lines/inv:line[@number = $n]"/>
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm">
      <xsl:sequence select="f:columns((10, 18, 22, 56, 22, 26, 14, 26))"/>
      <fo:table-header>
        <fo:table-row>
          <xsl:sequence select="f:th(f:label('line.number'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.products.kind'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.products.reference'), 'start')"/>
          <xsl:sequence select="f:th(f:label('line.description'), 'start')"/>
          <xsl:sequence select="f:th(f:label('line.quantity'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.unit-price'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.vat-rate'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.net-amount'), 'end')"/>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="inv:item">
          <xsl:variable name="n" select="@line"/>
          <xsl:variable name="line" select="$invoice/inv:lines/inv:line[@number = $n]"/>
          <fo:table-row keep-together.within-page="always">
            <xsl:sequence select="f:td(string(@line), 'start')"/>
            <xsl:sequence select="f:td(f:label(concat('annex.products.kind.', @kind)), 'start')"/>
            <xsl:sequence select="f:td(string(@reference), 'start')"/>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block><xsl:value-of select="$line/inv:description"/></fo:block>
              <xsl:for-each select="$line/inv:allowanceCharges/inv:allowanceCharge">
                <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="f:allowance-charge(., $currency)"/>
                </fo:block>
              </xsl:for-each>
            </fo:table-cell>
            <xsl:sequence select="f:td(concat(f:quantity($line/inv:quantity), '&#xA0;',
                                              f:unit-short($line/inv:quantity/@unitCode)), 'end')"/>
            <xsl:sequence select="f:td(f:price($line/inv:unitPrice, $currency), 'end')"/>
            <xsl:sequence select="f:td(f:percent($line/inv:vatRate), 'end')"/>
            <xsl:sequence select="f:td(f:amount($line/inv:netAmount, $currency), 'end')"/>
          </fo:table-row>
        </xsl:for-each>
        <fo:table-row keep-with-previous.within-page="always">
          <xsl:sequence select="f:td-grand-total(f:label('annex.products.total'), 'start', 7)"/>
          <xsl:sequence select="f:td-grand-total(f:amount(sum($lines/inv:netAmount/xs:decimal(.)), $currency), 'end', 1)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>
</xsl:stylesheet>
