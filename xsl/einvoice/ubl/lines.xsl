<?xml version="1.0" encoding="UTF-8"?>
<!-- UBL: invoice or credit note lines (BG-25), allowances and charges (BG-20/21, BG-27/28). Imported by ../invoice-ubl.xsl. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                exclude-result-prefixes="xs f inv">

  <xsl:import href="../common.xsl"/>

  <xsl:template match="inv:line">
    <xsl:variable name="invoice" select="ancestor::inv:invoice"/>
    <xsl:variable name="currency" select="$invoice/inv:currency"/>
    <xsl:variable name="credit" as="xs:boolean" select="$invoice/inv:typeCode = '381'"/>
    <xsl:element name="{if ($credit) then 'cac:CreditNoteLine' else 'cac:InvoiceLine'}">
      <!-- BT-126 -->
      <cbc:ID><xsl:value-of select="@number"/></cbc:ID>
      <!-- BT-129, BT-130 -->
      <xsl:element name="{if ($credit) then 'cbc:CreditedQuantity' else 'cbc:InvoicedQuantity'}">
        <xsl:attribute name="unitCode" select="inv:quantity/@unitCode"/>
        <xsl:value-of select="f:ei-quantity(inv:quantity)"/>
      </xsl:element>
      <!-- BT-131 -->
      <cbc:LineExtensionAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:netAmount)"/></cbc:LineExtensionAmount>
      <!-- BG-26 -->
      <xsl:if test="inv:periodStart or inv:periodEnd">
        <cac:InvoicePeriod>
          <xsl:for-each select="inv:periodStart"><cbc:StartDate><xsl:value-of select="."/></cbc:StartDate></xsl:for-each>
          <xsl:for-each select="inv:periodEnd"><cbc:EndDate><xsl:value-of select="."/></cbc:EndDate></xsl:for-each>
        </cac:InvoicePeriod>
      </xsl:if>
      <xsl:apply-templates select="inv:allowanceCharges/inv:allowanceCharge" mode="f:line"/>
      <cac:Item>
        <!-- BT-153 -->
        <cbc:Name><xsl:value-of select="normalize-space(inv:description)"/></cbc:Name>
        <!-- BT-155 -->
        <xsl:for-each select="inv:reference">
          <cac:SellersItemIdentification><cbc:ID><xsl:value-of select="normalize-space(.)"/></cbc:ID></cac:SellersItemIdentification>
        </xsl:for-each>
        <!-- BT-151, BT-152 -->
        <cac:ClassifiedTaxCategory>
          <cbc:ID><xsl:value-of select="inv:vatCategory"/></cbc:ID>
          <cbc:Percent><xsl:value-of select="inv:vatRate"/></cbc:Percent>
          <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
        </cac:ClassifiedTaxCategory>
      </cac:Item>
      <cac:Price>
        <!-- BT-146 as the canonical gives it, BT-149 with the line's unit -->
        <cbc:PriceAmount currencyID="{$currency}"><xsl:value-of select="normalize-space(inv:unitPrice)"/></cbc:PriceAmount>
        <xsl:for-each select="inv:baseQuantity">
          <cbc:BaseQuantity unitCode="{../inv:quantity/@unitCode}"><xsl:value-of select="f:ei-quantity(.)"/></cbc:BaseQuantity>
        </xsl:for-each>
      </cac:Price>
    </xsl:element>
  </xsl:template>

  <!-- BG-27 / BG-28 -->
  <xsl:template match="inv:allowanceCharge" mode="f:line">
    <xsl:call-template name="f:allowance-charge"/>
  </xsl:template>

  <!-- BG-20 / BG-21, with their VAT category and rate (BT-95/96, BT-102/103) -->
  <xsl:template match="inv:allowanceCharge" mode="f:document">
    <xsl:call-template name="f:allowance-charge">
      <xsl:with-param name="vat" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="f:allowance-charge">
    <xsl:param name="vat" as="xs:boolean" select="false()"/>
    <xsl:variable name="currency" select="ancestor::inv:invoice/inv:currency"/>
    <cac:AllowanceCharge>
      <cbc:ChargeIndicator><xsl:value-of select="@charge"/></cbc:ChargeIndicator>
      <xsl:for-each select="inv:reasonCode">
        <cbc:AllowanceChargeReasonCode><xsl:value-of select="."/></cbc:AllowanceChargeReasonCode>
      </xsl:for-each>
      <cbc:AllowanceChargeReason><xsl:value-of select="normalize-space(inv:reason)"/></cbc:AllowanceChargeReason>
      <xsl:for-each select="inv:percent">
        <cbc:MultiplierFactorNumeric><xsl:value-of select="f:ei-quantity(.)"/></cbc:MultiplierFactorNumeric>
      </xsl:for-each>
      <cbc:Amount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(inv:amount)"/></cbc:Amount>
      <xsl:for-each select="inv:baseAmount">
        <cbc:BaseAmount currencyID="{$currency}"><xsl:value-of select="f:ei-amount(.)"/></cbc:BaseAmount>
      </xsl:for-each>
      <xsl:if test="$vat">
        <cac:TaxCategory>
          <cbc:ID><xsl:value-of select="inv:vatCategory"/></cbc:ID>
          <cbc:Percent><xsl:value-of select="inv:vatRate"/></cbc:Percent>
          <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
        </cac:TaxCategory>
      </xsl:if>
    </cac:AllowanceCharge>
  </xsl:template>

</xsl:stylesheet>
