<?xml version="1.0" encoding="UTF-8"?>
<!-- Seller (BG-4) and buyer (BG-7): name, legal registration (SIREN, scheme 0002), address, electronic address, VAT id. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:e="urn:crahub:xsl:einvoice"
                xmlns:inv="urn:crahub:invoice:1"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
                exclude-result-prefixes="xs f e inv">

  <xsl:template match="inv:seller" mode="e:party">
    <ram:SellerTradeParty>
      <ram:Name><xsl:value-of select="inv:name"/></ram:Name>                                   <!-- BT-27 -->
      <xsl:variable name="legal" select="e:seller-legal-information(.)"/>
      <xsl:if test="$legal ne ''">
        <ram:Description><xsl:value-of select="$legal"/></ram:Description>                   <!-- BT-33 -->
      </xsl:if>
      <xsl:call-template name="e:legal-organization"/>                                        <!-- BT-30 -->
      <xsl:if test="inv:email">
        <ram:DefinedTradeContact>                                                             <!-- BG-6 -->
          <ram:EmailURIUniversalCommunication>
            <ram:URIID><xsl:value-of select="inv:email"/></ram:URIID>                         <!-- BT-43 -->
          </ram:EmailURIUniversalCommunication>
        </ram:DefinedTradeContact>
      </xsl:if>
      <xsl:apply-templates select="inv:address" mode="e:address"/>                             <!-- BG-5 -->
      <xsl:apply-templates select="inv:electronicAddress" mode="e:electronic-address"/>        <!-- BT-34 -->
      <xsl:apply-templates select="inv:vatNumber" mode="e:vat-registration"/>                  <!-- BT-31 -->
      <!-- without a VAT number (franchise en base): BT-32, the SIREN, so that exempt lines name the seller (BR-E-02) -->
      <xsl:if test="not(inv:vatNumber)">
        <ram:SpecifiedTaxRegistration>
          <ram:ID schemeID="FC"><xsl:value-of select="inv:siren"/></ram:ID>                   <!-- BT-32 -->
        </ram:SpecifiedTaxRegistration>
      </xsl:if>
    </ram:SellerTradeParty>
  </xsl:template>

  <xsl:template match="inv:buyer" mode="e:party">
    <ram:BuyerTradeParty>
      <ram:Name><xsl:value-of select="inv:name"/></ram:Name>                                   <!-- BT-44 -->
      <xsl:call-template name="e:legal-organization"/>                                        <!-- BT-47 -->
      <xsl:apply-templates select="inv:address" mode="e:address"/>                             <!-- BG-8 -->
      <xsl:apply-templates select="inv:electronicAddress" mode="e:electronic-address"/>        <!-- BT-49 -->
      <xsl:apply-templates select="inv:vatNumber" mode="e:vat-registration"/>                  <!-- BT-48 -->
    </ram:BuyerTradeParty>
  </xsl:template>

  <xsl:template name="e:legal-organization">
    <xsl:if test="inv:siren">
      <ram:SpecifiedLegalOrganization>
        <ram:ID schemeID="0002"><xsl:value-of select="inv:siren"/></ram:ID>
      </ram:SpecifiedLegalOrganization>
    </xsl:if>
  </xsl:template>

  <xsl:template match="inv:address" mode="e:address">
    <ram:PostalTradeAddress>
      <ram:PostcodeCode><xsl:value-of select="inv:postcode"/></ram:PostcodeCode>
      <ram:LineOne><xsl:value-of select="inv:line[1]"/></ram:LineOne>
      <xsl:if test="inv:line[2]"><ram:LineTwo><xsl:value-of select="inv:line[2]"/></ram:LineTwo></xsl:if>
      <xsl:if test="inv:line[3]"><ram:LineThree><xsl:value-of select="inv:line[3]"/></ram:LineThree></xsl:if>
      <ram:CityName><xsl:value-of select="inv:city"/></ram:CityName>
      <ram:CountryID><xsl:value-of select="inv:country"/></ram:CountryID>
    </ram:PostalTradeAddress>
  </xsl:template>

  <xsl:template match="inv:electronicAddress" mode="e:electronic-address">
    <ram:URIUniversalCommunication>
      <ram:URIID schemeID="{@scheme}"><xsl:value-of select="."/></ram:URIID>
    </ram:URIUniversalCommunication>
  </xsl:template>

  <xsl:template match="inv:vatNumber" mode="e:vat-registration">
    <ram:SpecifiedTaxRegistration>
      <ram:ID schemeID="VA"><xsl:value-of select="."/></ram:ID>
    </ram:SpecifiedTaxRegistration>
  </xsl:template>

  <!-- "SAS au capital de 10 000,00 € – RCS Paris 123 456 789", as the PDF's footer says it -->
  <xsl:function name="e:seller-legal-information" as="xs:string">
    <xsl:param name="seller" as="element(inv:seller)"/>
    <xsl:variable name="capital" select="$seller/inv:shareCapital"/>
    <xsl:variable name="form-and-capital" as="xs:string?"
                  select="if ($seller/inv:legalForm and $capital)
                          then f:label('seller.legal-form-capital', ($seller/inv:legalForm, f:amount($capital, $capital/@currency)))
                          else if ($capital) then f:label('seller.capital', f:amount($capital, $capital/@currency))
                          else $seller/inv:legalForm"/>
    <xsl:sequence select="string-join(($form-and-capital, $seller/inv:registration), ' – ')"/>
  </xsl:function>
</xsl:stylesheet>
