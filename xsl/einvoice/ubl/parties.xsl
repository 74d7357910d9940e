<?xml version="1.0" encoding="UTF-8"?>
<!-- UBL: seller (BG-4), buyer (BG-7), payment means (BG-16). Imported by ../invoice-ubl.xsl. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                exclude-result-prefixes="xs f inv">

  <xsl:import href="../common.xsl"/>

  <!-- true for Peppol BIS (set by the entry stylesheet) -->
  <xsl:variable name="f:peppol" as="xs:boolean" select="true()"/>

  <xsl:template match="inv:seller">
    <cac:AccountingSupplierParty>
      <cac:Party>
        <xsl:apply-templates select="f:endpoint(., $f:peppol)"/>
        <xsl:apply-templates select="inv:address"/>
        <!-- BT-31; without one (franchise en base) BT-32, the SIREN, so that E/Z/S lines name the seller (BR-E-02) -->
        <xsl:choose>
          <xsl:when test="inv:vatNumber">
            <xsl:apply-templates select="inv:vatNumber"/>
          </xsl:when>
          <xsl:otherwise>
            <cac:PartyTaxScheme>
              <cbc:CompanyID><xsl:value-of select="inv:siren"/></cbc:CompanyID>
              <cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme>
            </cac:PartyTaxScheme>
          </xsl:otherwise>
        </xsl:choose>
        <cac:PartyLegalEntity>
          <cbc:RegistrationName><xsl:value-of select="normalize-space(inv:name)"/></cbc:RegistrationName>
          <!-- BT-30, SIREN: scheme 0002 (BR-FR-10) -->
          <cbc:CompanyID schemeID="0002"><xsl:value-of select="inv:siren"/></cbc:CompanyID>
          <xsl:for-each select="f:seller-legal-information(.)">
            <cbc:CompanyLegalForm><xsl:value-of select="."/></cbc:CompanyLegalForm>
          </xsl:for-each>
        </cac:PartyLegalEntity>
        <xsl:apply-templates select="inv:email"/>
      </cac:Party>
    </cac:AccountingSupplierParty>
  </xsl:template>

  <xsl:template match="inv:buyer">
    <cac:AccountingCustomerParty>
      <cac:Party>
        <xsl:apply-templates select="f:endpoint(., $f:peppol)"/>
        <xsl:apply-templates select="inv:address"/>
        <xsl:apply-templates select="inv:vatNumber"/>
        <cac:PartyLegalEntity>
          <cbc:RegistrationName><xsl:value-of select="normalize-space(inv:name)"/></cbc:RegistrationName>
          <!-- BT-47, SIREN: scheme 0002; buyers outside France have none -->
          <xsl:for-each select="inv:siren">
            <cbc:CompanyID schemeID="0002"><xsl:value-of select="."/></cbc:CompanyID>
          </xsl:for-each>
        </cac:PartyLegalEntity>
        <xsl:apply-templates select="inv:email"/>
      </cac:Party>
    </cac:AccountingCustomerParty>
  </xsl:template>

  <!-- BT-34 / BT-49 -->
  <xsl:template match="endpoint">
    <cbc:EndpointID schemeID="{@scheme}"><xsl:value-of select="."/></cbc:EndpointID>
  </xsl:template>

  <!-- BG-5 / BG-8 -->
  <xsl:template match="inv:address">
    <cac:PostalAddress>
      <xsl:for-each select="inv:line[1]">
        <cbc:StreetName><xsl:value-of select="normalize-space(.)"/></cbc:StreetName>
      </xsl:for-each>
      <xsl:for-each select="inv:line[2]">
        <cbc:AdditionalStreetName><xsl:value-of select="normalize-space(.)"/></cbc:AdditionalStreetName>
      </xsl:for-each>
      <cbc:CityName><xsl:value-of select="normalize-space(inv:city)"/></cbc:CityName>
      <cbc:PostalZone><xsl:value-of select="normalize-space(inv:postcode)"/></cbc:PostalZone>
      <xsl:for-each select="inv:line[3]">
        <cac:AddressLine><cbc:Line><xsl:value-of select="normalize-space(.)"/></cbc:Line></cac:AddressLine>
      </xsl:for-each>
      <cac:Country><cbc:IdentificationCode><xsl:value-of select="inv:country"/></cbc:IdentificationCode></cac:Country>
    </cac:PostalAddress>
  </xsl:template>

  <!-- BT-31 / BT-48 -->
  <xsl:template match="inv:vatNumber">
    <cac:PartyTaxScheme>
      <cbc:CompanyID><xsl:value-of select="."/></cbc:CompanyID>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
    </cac:PartyTaxScheme>
  </xsl:template>

  <!-- BT-43 / BT-58 -->
  <xsl:template match="inv:email">
    <cac:Contact><cbc:ElectronicMail><xsl:value-of select="."/></cbc:ElectronicMail></cac:Contact>
  </xsl:template>

  <!-- BG-16: BT-81 code (58 SEPA credit transfer, 30 credit transfer), BT-83, BT-84 IBAN, BT-86 BIC; on a credit note
       BT-9 is here (a UBL CreditNote has no DueDate) -->
  <xsl:template match="inv:paymentMeans">
    <cac:PaymentMeans>
      <cbc:PaymentMeansCode><xsl:value-of select="inv:code"/></cbc:PaymentMeansCode>
      <xsl:if test="../inv:typeCode = '381'">
        <cbc:PaymentDueDate><xsl:value-of select="../inv:dueDate"/></cbc:PaymentDueDate>
      </xsl:if>
      <xsl:for-each select="inv:remittanceInformation">
        <cbc:PaymentID><xsl:value-of select="normalize-space(.)"/></cbc:PaymentID>
      </xsl:for-each>
      <xsl:for-each select="inv:iban">
        <cac:PayeeFinancialAccount>
          <cbc:ID><xsl:value-of select="."/></cbc:ID>
          <xsl:for-each select="../inv:bic">
            <cac:FinancialInstitutionBranch><cbc:ID><xsl:value-of select="."/></cbc:ID></cac:FinancialInstitutionBranch>
          </xsl:for-each>
        </cac:PayeeFinancialAccount>
      </xsl:for-each>
    </cac:PaymentMeans>
  </xsl:template>

</xsl:stylesheet>
