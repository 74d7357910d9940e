<?xml version="1.0" encoding="UTF-8"?>
<!--
  The header agreement (BT-10, parties, BT-13, BT-12, BG-24 supporting documents) and settlement (BT-83, BT-6, BT-5,
  payment means BG-16, VAT breakdown BG-23, period BG-14, document allowances and charges BG-20/21, BT-20 and BT-9,
  totals BG-22 with BT-111, the preceding invoice BG-3).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:e="urn:crahub:xsl:einvoice"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
                xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
                exclude-result-prefixes="xs f e inv">

  <!-- BG-24 documents are "related documents" (UNTDID 1001 code 916); invoiced objects would be 130 -->
  <xsl:variable name="e:supporting-document-type" select="'916'"/>

  <xsl:template match="inv:invoice" mode="e:agreement">
    <ram:ApplicableHeaderTradeAgreement>
      <xsl:if test="inv:buyerReference">
        <ram:BuyerReference><xsl:value-of select="inv:buyerReference"/></ram:BuyerReference>   <!-- BT-10 -->
      </xsl:if>
      <xsl:apply-templates select="inv:seller" mode="e:party"/>
      <xsl:apply-templates select="inv:buyer" mode="e:party"/>
      <xsl:if test="inv:purchaseOrder">
        <ram:BuyerOrderReferencedDocument>
          <ram:IssuerAssignedID><xsl:value-of select="inv:purchaseOrder"/></ram:IssuerAssignedID> <!-- BT-13 -->
        </ram:BuyerOrderReferencedDocument>
      </xsl:if>
      <ram:ContractReferencedDocument>
        <ram:IssuerAssignedID><xsl:value-of select="inv:contractReference"/></ram:IssuerAssignedID> <!-- BT-12 -->
      </ram:ContractReferencedDocument>
      <xsl:for-each select="inv:supportingDocuments/inv:document">
        <xsl:variable name="file" select="$e:files[@id = current()/@id][1]"/>
        <ram:AdditionalReferencedDocument>
          <ram:IssuerAssignedID><xsl:value-of select="@id"/></ram:IssuerAssignedID>           <!-- BT-122 -->
          <ram:TypeCode><xsl:value-of select="$e:supporting-document-type"/></ram:TypeCode>
          <!-- BT-123: a code of the French list (BR-FR-17); the description stays in the canonical invoice and the PDF -->
          <ram:Name>DOCUMENT_ANNEXE</ram:Name>
          <xsl:if test="$file">
            <ram:AttachmentBinaryObject mimeCode="{$file/@mimeCode}" filename="{$file/@filename}"> <!-- BT-125 -->
              <xsl:value-of select="normalize-space($file)"/>
            </ram:AttachmentBinaryObject>
          </xsl:if>
        </ram:AdditionalReferencedDocument>
      </xsl:for-each>
    </ram:ApplicableHeaderTradeAgreement>
  </xsl:template>

  <xsl:template match="inv:invoice" mode="e:settlement">
    <xsl:variable name="currency" select="string(inv:currency)"/>
    <ram:ApplicableHeaderTradeSettlement>
      <xsl:if test="inv:paymentMeans/inv:remittanceInformation">
        <ram:PaymentReference><xsl:value-of select="inv:paymentMeans/inv:remittanceInformation"/></ram:PaymentReference> <!-- BT-83 -->
      </xsl:if>
      <xsl:if test="inv:taxCurrency">
        <ram:TaxCurrencyCode><xsl:value-of select="inv:taxCurrency"/></ram:TaxCurrencyCode>  <!-- BT-6 -->
      </xsl:if>
      <ram:InvoiceCurrencyCode><xsl:value-of select="$currency"/></ram:InvoiceCurrencyCode>   <!-- BT-5 -->
      <xsl:apply-templates select="inv:paymentMeans" mode="e:payment-means"/>
      <xsl:apply-templates select="inv:vatBreakdown/inv:vat" mode="e:vat"/>
      <ram:BillingSpecifiedPeriod>                                                              <!-- BG-14 -->
        <ram:StartDateTime><xsl:call-template name="e:date-time"><xsl:with-param name="date" select="inv:periodStart"/></xsl:call-template></ram:StartDateTime>
        <ram:EndDateTime><xsl:call-template name="e:date-time"><xsl:with-param name="date" select="inv:periodEnd"/></xsl:call-template></ram:EndDateTime>
      </ram:BillingSpecifiedPeriod>
      <xsl:apply-templates select="inv:allowanceCharges/inv:allowanceCharge" mode="e:allowance-charge"/>
      <ram:SpecifiedTradePaymentTerms>
        <ram:Description><xsl:value-of select="e:payment-terms(.)"/></ram:Description>      <!-- BT-20 -->
        <ram:DueDateDateTime>                                                                  <!-- BT-9 -->
          <xsl:call-template name="e:date-time"><xsl:with-param name="date" select="inv:dueDate"/></xsl:call-template>
        </ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <xsl:variable name="totals" select="inv:totals"/>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount><xsl:value-of select="e:amount($totals/inv:lineTotal)"/></ram:LineTotalAmount>          <!-- BT-106 -->
        <xsl:if test="$totals/inv:chargeTotal">
          <ram:ChargeTotalAmount><xsl:value-of select="e:amount($totals/inv:chargeTotal)"/></ram:ChargeTotalAmount>  <!-- BT-108 -->
        </xsl:if>
        <xsl:if test="$totals/inv:allowanceTotal">
          <ram:AllowanceTotalAmount><xsl:value-of select="e:amount($totals/inv:allowanceTotal)"/></ram:AllowanceTotalAmount> <!-- BT-107 -->
        </xsl:if>
        <ram:TaxBasisTotalAmount><xsl:value-of select="e:amount($totals/inv:taxExclusive)"/></ram:TaxBasisTotalAmount> <!-- BT-109 -->
        <ram:TaxTotalAmount currencyID="{$currency}"><xsl:value-of select="e:amount($totals/inv:tax)"/></ram:TaxTotalAmount> <!-- BT-110 -->
        <xsl:if test="$totals/inv:taxInAccountingCurrency">
          <ram:TaxTotalAmount currencyID="{$totals/inv:taxInAccountingCurrency/@currency}"><xsl:value-of select="e:amount($totals/inv:taxInAccountingCurrency)"/></ram:TaxTotalAmount> <!-- BT-111 -->
        </xsl:if>
        <ram:GrandTotalAmount><xsl:value-of select="e:amount($totals/inv:taxInclusive)"/></ram:GrandTotalAmount>      <!-- BT-112 -->
        <ram:DuePayableAmount><xsl:value-of select="e:amount($totals/inv:payable)"/></ram:DuePayableAmount>           <!-- BT-115 -->
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
      <xsl:apply-templates select="inv:precedingInvoice" mode="e:preceding"/>
    </ram:ApplicableHeaderTradeSettlement>
  </xsl:template>

  <xsl:template match="inv:paymentMeans" mode="e:payment-means">
    <ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:TypeCode><xsl:value-of select="inv:code"/></ram:TypeCode>                            <!-- BT-81 -->
      <xsl:if test="inv:iban">
        <ram:PayeePartyCreditorFinancialAccount>
          <ram:IBANID><xsl:value-of select="inv:iban"/></ram:IBANID>                            <!-- BT-84 -->
        </ram:PayeePartyCreditorFinancialAccount>
      </xsl:if>
      <xsl:if test="inv:bic">
        <ram:PayeeSpecifiedCreditorFinancialInstitution>
          <ram:BICID><xsl:value-of select="inv:bic"/></ram:BICID>                               <!-- BT-86 -->
        </ram:PayeeSpecifiedCreditorFinancialInstitution>
      </xsl:if>
    </ram:SpecifiedTradeSettlementPaymentMeans>
  </xsl:template>

  <!-- BG-23; BT-8 code 5 (tax point: the invoice date) when the seller opted for VAT on debits -->
  <xsl:template match="inv:vat" mode="e:vat">
    <xsl:variable name="invoice" select="ancestor::inv:invoice"/>
    <ram:ApplicableTradeTax>
      <ram:CalculatedAmount><xsl:value-of select="e:amount(inv:taxAmount)"/></ram:CalculatedAmount>  <!-- BT-117 -->
      <ram:TypeCode>VAT</ram:TypeCode>
      <xsl:if test="inv:exemptionReason">
        <ram:ExemptionReason><xsl:value-of select="inv:exemptionReason"/></ram:ExemptionReason>        <!-- BT-120 -->
      </xsl:if>
      <ram:BasisAmount><xsl:value-of select="e:amount(inv:taxableAmount)"/></ram:BasisAmount>         <!-- BT-116 -->
      <ram:CategoryCode><xsl:value-of select="@category"/></ram:CategoryCode>                          <!-- BT-118 -->
      <xsl:if test="inv:exemptionReasonCode">
        <ram:ExemptionReasonCode><xsl:value-of select="inv:exemptionReasonCode"/></ram:ExemptionReasonCode> <!-- BT-121 -->
      </xsl:if>
      <xsl:if test="$invoice/inv:seller/inv:vatOnDebits = 'true' and @category = 'S'">
        <ram:DueDateTypeCode>5</ram:DueDateTypeCode>                                                 <!-- BT-8 -->
      </xsl:if>
      <ram:RateApplicablePercent><xsl:value-of select="e:amount(@rate)"/></ram:RateApplicablePercent> <!-- BT-119 -->
    </ram:ApplicableTradeTax>
  </xsl:template>

  <xsl:template match="inv:precedingInvoice" mode="e:preceding">
    <ram:InvoiceReferencedDocument>
      <ram:IssuerAssignedID><xsl:value-of select="inv:number"/></ram:IssuerAssignedID>          <!-- BT-25 -->
      <ram:FormattedIssueDateTime>
        <qdt:DateTimeString format="102"><xsl:value-of select="e:date102(inv:issueDate)"/></qdt:DateTimeString> <!-- BT-26 -->
      </ram:FormattedIssueDateTime>
    </ram:InvoiceReferencedDocument>
  </xsl:template>

  <!-- "paiement à 30 jours date de facture", as the PDF says it -->
  <xsl:function name="e:payment-terms" as="xs:string">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:variable name="days" select="xs:integer($invoice/inv:paymentTerms/inv:days)"/>
    <xsl:sequence select="if ($days eq 0) then f:label('payment.terms.on-receipt') else f:label('payment.terms.days', $days)"/>
  </xsl:function>
</xsl:stylesheet>
