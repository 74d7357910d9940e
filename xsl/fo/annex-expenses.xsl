<?xml version="1.0" encoding="UTF-8"?>
<!--
  Annex "re-billed expenses" (inv:annexes/inv:expenses, ADR 0016): one row per billed expense (invoice line, date,
  consultant, category, description with the receipt's reference and fingerprint, amount excluding VAT, the VAT paid,
  the amount billed), totals, how the contract re-bills, and how many receipts follow the annexes (appended after the
  rendering, each page stamped with the invoice number). Built on the model of fo/annex-time-detail.xsl.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <xsl:template match="inv:annexes/inv:expenses" mode="f:annex-title" as="xs:string">
    <xsl:sequence select="f:label('annex.expenses.title')"/>
  </xsl:template>

  <xsl:template match="inv:annexes/inv:expenses" mode="f:annex">
    <xsl:variable name="invoice" select="ancestor::inv:invoice"/>
    <xsl:variable name="number" select="f:annex-number(.)"/>
    <xsl:variable name="sequence-id" select="concat('seq-annex-', $number)"/>
    <xsl:variable name="title" select="f:label('annex.heading', ($number, f:label('annex.expenses.title')))"/>
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
          <xsl:value-of select="concat($invoice/inv:number, ' – ', $title)"/>
          <fo:leader leader-pattern="space"/>
          <xsl:sequence select="f:page-x-of-y(f:last-sequence-id($invoice))"/>
        </fo:block>
      </fo:static-content>
      <fo:flow flow-name="xsl-region-body">
        <fo:block xsl:use-attribute-sets="f:title" font-size="15pt"><xsl:value-of select="$title"/></fo:block>
        <fo:block space-before="1.5mm" color="{$f:color-muted}">
          <xsl:value-of select="f:label('annex.expenses.subtitle', (f:invoice-reference($invoice), f:date($invoice/inv:periodEnd)))"/>
        </fo:block>
        <xsl:apply-templates select="." mode="f:expenses-table">
          <xsl:with-param name="currency" select="string($invoice/inv:currency)"/>
        </xsl:apply-templates>
        <fo:block xsl:use-attribute-sets="f:mention" font-weight="normal" space-before="5mm" keep-together.within-page="always">
          <fo:block>
            <xsl:value-of select="if (@rebill eq 'MARKUP')
                                  then f:label('annex.expenses.rebill.MARKUP',
                                               (f:percent(@markupPercent), f:quantity(1 + xs:decimal(@markupPercent) div 100)))
                                  else f:label('annex.expenses.rebill.AT_COST', string($invoice/inv:seller/inv:name))"/>
          </fo:block>
          <fo:block><xsl:value-of select="f:label('annex.expenses.vat-note')"/></fo:block>
          <xsl:if test="inv:expense/inv:receipt">
            <fo:block font-weight="bold" space-before="1.5mm">
              <xsl:value-of select="f:label('annex.expenses.receipts-follow', count(inv:expense/inv:receipt))"/>
            </fo:block>
          </xsl:if>
        </fo:block>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <xsl:template match="inv:expenses" mode="f:expenses-table">
    <xsl:param name="currency" as="xs:string"/>
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm">
      <xsl:sequence select="f:columns((11, 24, 25, 23, 39, 20, 20, 20))"/>
      <fo:table-header>
        <fo:table-row>
          <xsl:sequence select="f:th(f:label('annex.expenses.line'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.date'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.consultant'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.category'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.description'), 'start')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.amount-excl-vat'), 'end')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.vat'), 'end')"/>
          <xsl:sequence select="f:th(f:label('annex.expenses.billed'), 'end')"/>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="inv:expense">
          <fo:table-row keep-together.within-page="always">
            <xsl:sequence select="f:td(string(@line), 'start')"/>
            <xsl:sequence select="f:td(f:date(@date), 'start')"/>
            <xsl:sequence select="f:td(@consultantName, 'start')"/>
            <xsl:sequence select="f:td(f:label(concat('annex.expenses.category.', @category)), 'start')"/>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block><xsl:value-of select="normalize-space(inv:description)"/></fo:block>
              <xsl:if test="inv:receiptReference or inv:receipt">
                <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="string-join((
                      inv:receiptReference/f:label('annex.expenses.receipt', string(.)),
                      inv:receipt/f:label('annex.expenses.fingerprint', substring(@sha256, 1, 16))), ' · ')"/>
                </fo:block>
              </xsl:if>
            </fo:table-cell>
            <xsl:sequence select="f:td(f:amount(inv:amountExclVat, $currency), 'end')"/>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block text-align="end"><xsl:value-of select="f:amount(inv:vatAmount, $currency)"/></fo:block>
              <fo:block text-align="end" xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                <xsl:value-of select="f:percent(inv:vatRate)"/>
              </fo:block>
            </fo:table-cell>
            <xsl:sequence select="f:td(f:amount(inv:billedAmount, $currency), 'end')"/>
          </fo:table-row>
        </xsl:for-each>
        <fo:table-row keep-with-previous.within-page="always">
          <xsl:sequence select="f:td-grand-total(f:label('annex.expenses.total', count(inv:expense)), 'start', 5)"/>
          <xsl:sequence select="f:td-grand-total(f:amount(sum(inv:expense/inv:amountExclVat/xs:decimal(.)), $currency), 'end', 1)"/>
          <xsl:sequence select="f:td-grand-total(f:amount(sum(inv:expense/inv:vatAmount/xs:decimal(.)), $currency), 'end', 1)"/>
          <xsl:sequence select="f:td-grand-total(f:amount(sum(inv:expense/inv:billedAmount/xs:decimal(.)), $currency), 'end', 1)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>
</xsl:stylesheet>
