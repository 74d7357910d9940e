<?xml version="1.0" encoding="UTF-8"?>
<!-- Invoice lines (BG-25): id, item, net price per base quantity, quantity, VAT, line period, allowances and charges. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:e="urn:crahub:xsl:einvoice"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
                exclude-result-prefixes="xs e inv">

  <xsl:template match="inv:line" mode="e:line">
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument>
        <ram:LineID><xsl:value-of select="@number"/></ram:LineID>                             <!-- BT-126 -->
      </ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct>
        <xsl:if test="inv:reference">
          <ram:SellerAssignedID><xsl:value-of select="inv:reference"/></ram:SellerAssignedID> <!-- BT-155 -->
        </xsl:if>
        <ram:Name><xsl:value-of select="inv:description"/></ram:Name>                         <!-- BT-153 -->
      </ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice>
          <ram:ChargeAmount><xsl:value-of select="e:decimal(inv:unitPrice)"/></ram:ChargeAmount> <!-- BT-146 -->
          <xsl:if test="inv:baseQuantity">
            <ram:BasisQuantity unitCode="{inv:quantity/@unitCode}"><xsl:value-of select="e:decimal(inv:baseQuantity)"/></ram:BasisQuantity> <!-- BT-149/150 -->
          </xsl:if>
        </ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery>
        <ram:BilledQuantity unitCode="{inv:quantity/@unitCode}"><xsl:value-of select="e:decimal(inv:quantity)"/></ram:BilledQuantity> <!-- BT-129/130 -->
      </ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax>
          <ram:TypeCode>VAT</ram:TypeCode>
          <ram:CategoryCode><xsl:value-of select="inv:vatCategory"/></ram:CategoryCode>      <!-- BT-151 -->
          <ram:RateApplicablePercent><xsl:value-of select="e:amount(inv:vatRate)"/></ram:RateApplicablePercent> <!-- BT-152 -->
        </ram:ApplicableTradeTax>
        <xsl:if test="inv:periodStart and inv:periodEnd">
          <ram:BillingSpecifiedPeriod>                                                         <!-- BG-26 -->
            <ram:StartDateTime><xsl:call-template name="e:date-time"><xsl:with-param name="date" select="inv:periodStart"/></xsl:call-template></ram:StartDateTime>
            <ram:EndDateTime><xsl:call-template name="e:date-time"><xsl:with-param name="date" select="inv:periodEnd"/></xsl:call-template></ram:EndDateTime>
          </ram:BillingSpecifiedPeriod>
        </xsl:if>
        <xsl:apply-templates select="inv:allowanceCharges/inv:allowanceCharge" mode="e:allowance-charge"/> <!-- BG-27/28 -->
        <ram:SpecifiedTradeSettlementLineMonetarySummation>
          <ram:LineTotalAmount><xsl:value-of select="e:amount(inv:netAmount)"/></ram:LineTotalAmount> <!-- BT-131 -->
        </ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
  </xsl:template>

  <!-- an allowance or a charge, of a line or (with its VAT category) of the document -->
  <xsl:template match="inv:allowanceCharge" mode="e:allowance-charge">
    <ram:SpecifiedTradeAllowanceCharge>
      <ram:ChargeIndicator>
        <xsl:call-template name="e:indicator"><xsl:with-param name="value" select="@charge = 'true'"/></xsl:call-template>
      </ram:ChargeIndicator>
      <xsl:if test="inv:percent">
        <ram:CalculationPercent><xsl:value-of select="e:decimal(inv:percent)"/></ram:CalculationPercent>
      </xsl:if>
      <xsl:if test="inv:baseAmount">
        <ram:BasisAmount><xsl:value-of select="e:amount(inv:baseAmount)"/></ram:BasisAmount>
      </xsl:if>
      <ram:ActualAmount><xsl:value-of select="e:amount(inv:amount)"/></ram:ActualAmount>
      <xsl:if test="inv:reasonCode">
        <ram:ReasonCode><xsl:value-of select="inv:reasonCode"/></ram:ReasonCode>
      </xsl:if>
      <ram:Reason><xsl:value-of select="inv:reason"/></ram:Reason>
      <xsl:if test="inv:vatCategory">
        <ram:CategoryTradeTax>
          <ram:TypeCode>VAT</ram:TypeCode>
          <ram:CategoryCode><xsl:value-of select="inv:vatCategory"/></ram:CategoryCode>
          <ram:RateApplicablePercent><xsl:value-of select="e:amount(inv:vatRate)"/></ram:RateApplicablePercent>
        </ram:CategoryTradeTax>
      </xsl:if>
    </ram:SpecifiedTradeAllowanceCharge>
  </xsl:template>
</xsl:stylesheet>
