<?xml version="1.0" encoding="UTF-8"?>
<!--
  The invoice proper (first page-sequence of xsl/invoice-fo.xsl), mode f:invoice-page.
  Carries every mandatory French mention the canonical invoice allows (see docs/french-invoicing.md):
    seller: name, address, SIREN, VAT number, legal form, share capital, registration (letterhead + footer)
    buyer: name, address, SIREN, VAT number
    title by typeCode (380 invoice, 381 credit note + the corrected invoice), number, issue date,
    service period, operation category, purchase-order number,
    lines: designation, quantity + unit, unit price excl. VAT, VAT rate, net amount
    VAT per rate, totals excl. VAT / VAT / incl. VAT, currency,
    due date, payment terms, early-payment discount, late-penalty rate, 40 EUR recovery indemnity, IBAN/BIC,
    one legal mention per exempt VAT category in the breakdown (AE, G, E), the VAT in EUR with the exchange rate and
    its date when the invoice is in another currency (BT-111),
    "option pour le paiement de la taxe d'après les débits" (only when opted).
  Also: the list of annexes and the source CRA.
  Annex modules (xsl/fo/annex-*.xsl) provide two modes for their element under inv:annexes:
    f:annex-title (a string, listed on this page) and f:annex (their own page-sequence).
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:inv="urn:crahub:invoice:1"
                exclude-result-prefixes="xs f inv">

  <!-- ========== helpers shared with the annexes ========== -->

  <!-- "Facture" / "Avoir" -->
  <xsl:function name="f:invoice-title" as="xs:string">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:sequence select="if ($invoice/inv:typeCode eq '381') then f:label('invoice.title.credit-note')
                          else f:label('invoice.title')"/>
  </xsl:function>

  <!-- "Facture n° ACME-2026-000001 du 26/11/2026"; a draft (no number yet): "Facture – BROUILLON" -->
  <xsl:function name="f:invoice-reference" as="xs:string">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:sequence select="if ($invoice/inv:draft) then concat(f:invoice-title($invoice), ' – ', f:label('invoice.draft'))
                          else f:label('invoice.reference', (f:invoice-title($invoice), $invoice/inv:number, f:date($invoice/inv:issueDate)))"/>
  </xsl:function>

  <!-- What a credit note or a replacement does to the invoice it cites (ADR 0018):
       "Avoir n° … – annule (partiellement) la facture n° … du …", "Annule et remplace la facture n° … du …" -->
  <xsl:function name="f:correction-line" as="xs:string?">
    <xsl:param name="invoice" as="element(inv:invoice)"/>
    <xsl:variable name="p" select="$invoice/inv:precedingInvoice"/>
    <xsl:sequence select="if (not($p)) then ()
                          else if ($p/@correction = 'REPLACEMENT')
                          then f:label('invoice.replaces', ($p/inv:number, f:date($p/inv:issueDate)))
                          else if ($invoice/inv:typeCode eq '381')
                          then f:label(if ($p/@partial = 'true') then 'invoice.credit-note.cancels-in-part'
                                       else 'invoice.credit-note.cancels',
                                       ($invoice/inv:number, $p/inv:number, f:date($p/inv:issueDate)))
                          else f:label('invoice.credit-note.corrects', ($p/inv:number, f:date($p/inv:issueDate)))"/>
  </xsl:function>

  <!-- annexes are numbered by their position among those printed (f:annexes: the template set's choice and order) -->
  <xsl:function name="f:annex-number" as="xs:integer">
    <xsl:param name="annex" as="element()"/>
    <xsl:variable name="printed" select="f:annexes($annex/ancestor::inv:invoice)"/>
    <xsl:sequence select="(for $i in 1 to count($printed) return $i[$printed[$i] is $annex], 0)[1]"/>
  </xsl:function>

  <!-- The id of the invoice document's last page-sequence: its last annex's, or the invoice's own when it has none.
       Pages are numbered through the whole document ("Page 2 / 3" on the first annex page of a 3-page PDF). -->
  <xsl:function name="f:last-sequence-id" as="xs:string">
    <xsl:param name="invoice" as="element()"/>
    <xsl:sequence select="if ($f:part eq 'annex-time-detail')
                          then concat('seq-annex-', f:annex-number($invoice/inv:annexes/inv:timeDetail))
                          else if (exists(f:annexes($invoice))) then concat('seq-annex-', count(f:annexes($invoice)))
                          else 'seq-invoice'"/>
  </xsl:function>

  <!-- What invoice-fo.xsl renders: 'invoice' (the invoice and its annexes), or 'annex-time-detail' alone (the file
       attached to the Factur-X); an annex rendered alone is numbered "Page 1 / n" on its own pages. -->
  <xsl:param name="f:part" as="xs:string" select="'invoice'"/>

  <!-- Seller legal line: "ACME Conseil SAS · SAS au capital de 10 000,00 € · RCS Paris ... · SIREN ... · TVA ..." -->
  <xsl:function name="f:seller-legal-line" as="xs:string">
    <xsl:param name="seller" as="element(inv:seller)"/>
    <xsl:variable name="capital" select="$seller/inv:shareCapital"/>
    <xsl:variable name="form-and-capital" as="xs:string?"
                  select="if ($seller/inv:legalForm and $capital)
                          then f:label('seller.legal-form-capital', ($seller/inv:legalForm, f:amount($capital, $capital/@currency)))
                          else if ($capital) then f:label('seller.capital', f:amount($capital, $capital/@currency))
                          else $seller/inv:legalForm/string()"/>
    <xsl:sequence select="string-join((
                            $seller/inv:name,
                            $form-and-capital,
                            $seller/inv:registration,
                            f:label('common.colon', f:label('party.siren')) || ' ' || $seller/inv:siren,
                            $seller/inv:vatNumber/(f:label('common.colon', f:label('party.vat-number')) || ' ' || .)
                          )[normalize-space()], '  ·  ')"/>
  </xsl:function>

  <!-- ========== page-sequence ========== -->

  <xsl:template match="inv:invoice" mode="f:invoice-page">
    <fo:page-sequence master-reference="invoice" id="seq-invoice" initial-page-number="1" force-page-count="no-force">
      <fo:static-content flow-name="header">
        <fo:block xsl:use-attribute-sets="f:footer" text-align-last="justify"
                  border-bottom="0.4pt solid {$f:color-border}" padding-bottom="1mm">
          <xsl:value-of select="inv:seller/inv:name"/>
          <fo:leader leader-pattern="space"/>
          <xsl:value-of select="f:invoice-reference(.)"/>
        </fo:block>
      </fo:static-content>
      <fo:static-content flow-name="footer">
        <fo:block border-top="0.4pt solid {$f:color-border}" padding-top="1.5mm">
          <xsl:call-template name="f:template-footer-note"/>
          <fo:block xsl:use-attribute-sets="f:footer" text-align="center">
            <xsl:value-of select="f:seller-legal-line(inv:seller)"/>
          </fo:block>
        </fo:block>
        <fo:block xsl:use-attribute-sets="f:footer" text-align="end" space-before="1mm">
          <xsl:value-of select="concat(f:invoice-title(.), ' ', (inv:number, f:label('invoice.draft'))[1], ' – ')"/>
          <xsl:sequence select="f:page-x-of-y(f:last-sequence-id(.))"/>
        </fo:block>
      </fo:static-content>
      <fo:flow flow-name="xsl-region-body">
        <xsl:apply-templates select="." mode="f:invoice-letterhead"/>
        <xsl:call-template name="f:template-header-note"/>
        <xsl:apply-templates select="." mode="f:invoice-info"/>
        <xsl:apply-templates select="inv:lines" mode="f:invoice-lines"/>
        <xsl:apply-templates select="." mode="f:invoice-totals"/>
        <xsl:apply-templates select="." mode="f:invoice-mentions"/>
        <xsl:choose>
          <!-- a credit note asks no payment: it says how it settles (ADR 0018) -->
          <xsl:when test="inv:typeCode eq '381'">
            <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('payment.title')"/></fo:block>
            <fo:block><xsl:value-of select="f:label('credit-note.settlement', inv:precedingInvoice/inv:number)"/></fo:block>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="inv:paymentTerms" mode="f:invoice-payment"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="." mode="f:invoice-references"/>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- ========== letterhead: seller | title, then buyer ========== -->

  <xsl:template match="inv:invoice" mode="f:invoice-letterhead">
    <xsl:variable name="home" select="string(inv:seller/inv:address/inv:country)"/>
    <!-- one row: the seller (under the template set's logo, if any) | the title, then the buyer's box under it, so that
         a logo costs no room on page 1 -->
    <fo:table xsl:use-attribute-sets="f:table">
      <xsl:sequence select="f:columns((56, 44))"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell padding-right="4mm">
            <xsl:call-template name="f:template-logo"/>
            <fo:block xsl:use-attribute-sets="f:party-name" font-size="14pt" color="{$f:color-accent}">
              <xsl:value-of select="inv:seller/inv:name"/>
            </fo:block>
            <xsl:apply-templates select="inv:seller" mode="f:party">
              <xsl:with-param name="with-name" select="false()"/>
              <xsl:with-param name="home-country" select="$home"/>
            </xsl:apply-templates>
          </fo:table-cell>
          <fo:table-cell>
            <fo:block xsl:use-attribute-sets="f:title" text-align="end" text-transform="uppercase">
              <xsl:value-of select="f:invoice-title(.)"/>
            </fo:block>
            <fo:block text-align="end" font-size="11pt" font-weight="bold" space-before="1.5mm">
              <xsl:choose>
                <xsl:when test="inv:draft">
                  <fo:inline color="#B00020" font-size="16pt" letter-spacing="2pt"><xsl:value-of select="f:label('invoice.draft')"/></fo:inline>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="f:label('invoice.number', inv:number)"/></xsl:otherwise>
              </xsl:choose>
            </fo:block>
            <fo:block text-align="end" space-before="0.5mm">
              <xsl:value-of select="f:label('invoice.issued-on', f:date(inv:issueDate))"/>
            </fo:block>
            <xsl:if test="inv:draft">
              <fo:block text-align="end" space-before="1mm" color="#B00020" font-size="8pt">
                <xsl:value-of select="f:label('invoice.draft.notice')"/>
              </fo:block>
            </xsl:if>
            <xsl:if test="inv:precedingInvoice">
              <fo:block text-align="end" space-before="1mm" font-weight="bold">
                <xsl:value-of select="f:correction-line(.)"/>
              </fo:block>
              <xsl:for-each select="inv:precedingInvoice/inv:reason">
                <fo:block text-align="end" space-before="0.5mm" font-size="8pt">
                  <xsl:value-of select="f:label('invoice.correction-reason', string(.))"/>
                </fo:block>
              </xsl:for-each>
            </xsl:if>
            <fo:table xsl:use-attribute-sets="f:table" space-before="5mm">
              <fo:table-column column-width="proportional-column-width(1)"/>
              <fo:table-body>
                <fo:table-row>
                  <fo:table-cell xsl:use-attribute-sets="f:box">
                    <fo:block xsl:use-attribute-sets="f:caption"><xsl:value-of select="f:label('invoice.buyer')"/></fo:block>
                    <xsl:apply-templates select="inv:buyer" mode="f:party">
                      <xsl:with-param name="home-country" select="$home"/>
                    </xsl:apply-templates>
                  </fo:table-cell>
                </fo:table-row>
              </fo:table-body>
            </fo:table>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- ========== info strip: dates, period, category, PO, contract ========== -->

  <xsl:template match="inv:invoice" mode="f:invoice-info">
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm" background-color="{$f:color-shade}">
      <xsl:sequence select="f:columns((1, 1, 1))"/>
      <fo:table-body>
        <fo:table-row>
          <xsl:sequence select="f:info-cell(f:label('invoice.issue-date'), f:date(inv:issueDate))"/>
          <xsl:sequence select="f:info-cell(f:label('invoice.due-date'), f:date(inv:dueDate))"/>
          <xsl:sequence select="f:info-cell(f:label('invoice.period'), f:period(inv:periodStart, inv:periodEnd))"/>
        </fo:table-row>
        <fo:table-row>
          <xsl:sequence select="f:info-cell(f:label('invoice.operation-category'), f:operation-category(inv:operationCategory))"/>
          <xsl:sequence select="f:info-cell(f:label('invoice.purchase-order'), inv:purchaseOrder)"/>
          <xsl:sequence select="f:info-cell(f:label('invoice.contract'), inv:contractReference)"/>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:function name="f:operation-category" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$code eq 'GOODS'"><xsl:sequence select="f:label('operation.goods')"/></xsl:when>
      <xsl:when test="$code eq 'MIXED'"><xsl:sequence select="f:label('operation.mixed')"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="f:label('operation.services')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="f:unit" as="xs:string">
    <xsl:param name="code" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="$code = ('HUR', 'DAY', 'C62', 'KMT', 'MON')"><xsl:sequence select="f:label(concat('unit.', $code))"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="string($code)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="f:vat-category" as="xs:string">
    <xsl:param name="code" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$code eq 'S'"><xsl:sequence select="f:label('vat.category.S')"/></xsl:when>
      <xsl:when test="$code eq 'AE'"><xsl:sequence select="f:label('vat.category.AE')"/></xsl:when>
      <xsl:when test="$code eq 'G'"><xsl:sequence select="f:label('vat.category.G')"/></xsl:when>
      <xsl:when test="$code eq 'E'"><xsl:sequence select="f:label('vat.category.E')"/></xsl:when>
      <xsl:when test="$code eq 'Z'"><xsl:sequence select="f:label('vat.category.Z')"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ========== lines ========== -->

  <xsl:template match="inv:lines" mode="f:invoice-lines">
    <xsl:variable name="currency" select="string(../inv:currency)"/>
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm">
      <xsl:sequence select="f:columns((8, 65, 18, 13, 25, 13, 28))"/>
      <fo:table-header>
        <fo:table-row>
          <xsl:sequence select="f:th(f:label('line.number'), 'center')"/>
          <xsl:sequence select="f:th(f:label('line.description'), 'start')"/>
          <xsl:sequence select="f:th(f:label('line.quantity'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.unit'), 'start')"/>
          <xsl:sequence select="f:th(f:label('line.unit-price'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.vat-rate'), 'end')"/>
          <xsl:sequence select="f:th(f:label('line.net-amount'), 'end')"/>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="inv:line">
          <fo:table-row keep-together.within-page="always">
            <xsl:sequence select="f:td(@number, 'center')"/>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block text-align="start"><xsl:value-of select="inv:description"/></fo:block>
              <xsl:if test="inv:periodStart">
                <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="if (string(inv:periodStart) eq string(inv:periodEnd))
                                        then f:label('line.day', f:date(inv:periodStart))
                                        else f:label('line.period', (f:date(inv:periodStart), f:date(inv:periodEnd)))"/>
                </fo:block>
              </xsl:if>
              <xsl:for-each select="inv:allowanceCharges/inv:allowanceCharge">
                <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="f:allowance-charge(., $currency)"/>
                </fo:block>
              </xsl:for-each>
            </fo:table-cell>
            <xsl:sequence select="f:td(f:quantity(inv:quantity), 'end')"/>
            <xsl:sequence select="f:td(f:unit(inv:quantity/@unitCode), 'start')"/>
            <fo:table-cell xsl:use-attribute-sets="f:td">
              <fo:block text-align="end"><xsl:value-of select="f:price(inv:unitPrice, $currency)"/></fo:block>
              <xsl:if test="inv:baseQuantity">
                <!-- a price per base quantity (BT-149): 650,00 € / 7 h -->
                <fo:block text-align="end" xsl:use-attribute-sets="f:small" color="{$f:color-muted}">
                  <xsl:value-of select="f:label('line.price-per', (f:quantity-whole(inv:baseQuantity),
                                                                   f:unit-short(inv:quantity/@unitCode)))"/>
                </fo:block>
              </xsl:if>
            </fo:table-cell>
            <xsl:sequence select="f:td(f:percent(inv:vatRate), 'end')"/>
            <xsl:sequence select="f:td(f:amount(inv:netAmount, $currency), 'end')"/>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- a unit price: 2 decimals, up to 6 only when the price has them (12,345 €) -->
  <xsl:function name="f:price" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:param name="currency" as="xs:string?"/>
    <xsl:variable name="fr" select="$f:lang eq 'fr'"/>
    <xsl:variable name="digits" select="format-number(abs(xs:decimal($value)),
                                          if ($fr) then '#&#xA0;##0,00####' else '#,##0.00####', if ($fr) then 'f:fr' else 'f:en')"/>
    <xsl:variable name="two" select="f:decimal(abs(xs:decimal($value)), 2)"/>
    <xsl:sequence select="replace(f:amount($value, $currency), $two, $digits, 'q')"/>
  </xsl:function>

  <xsl:function name="f:unit-short" as="xs:string">
    <xsl:param name="code" as="xs:string?"/>
    <xsl:sequence select="if ($code = ('HUR', 'DAY', 'C62', 'KMT', 'MON')) then f:label(concat('unit.short.', $code)) else string($code)"/>
  </xsl:function>

  <!-- "Remise 10 % (sur 650,00 €) : −65,00 €" / "Frais de dossier : 20,00 €" -->
  <xsl:function name="f:allowance-charge" as="xs:string">
    <xsl:param name="ac" as="element(inv:allowanceCharge)"/>
    <xsl:param name="currency" as="xs:string"/>
    <xsl:variable name="charge" select="$ac/@charge = ('true', '1')"/>
    <xsl:variable name="amount" select="f:amount(if ($charge) then xs:decimal($ac/inv:amount) else -xs:decimal($ac/inv:amount), $currency)"/>
    <xsl:sequence select="if ($ac/inv:percent)
                          then f:label('allowance.percent', (string($ac/inv:reason), f:percent($ac/inv:percent),
                                                             f:amount($ac/inv:baseAmount, $currency), $amount))
                          else f:label('allowance.amount', (string($ac/inv:reason), $amount))"/>
  </xsl:function>

  <!-- ========== VAT breakdown | totals ========== -->

  <xsl:template match="inv:invoice" mode="f:invoice-totals">
    <xsl:variable name="currency" select="string(inv:currency)"/>
    <fo:table xsl:use-attribute-sets="f:table" space-before="5mm" keep-together.within-page="always">
      <xsl:sequence select="f:columns((53, 4, 43))"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell>
            <fo:table xsl:use-attribute-sets="f:table">
              <xsl:sequence select="f:columns((30, 15, 27, 28))"/>
              <fo:table-header>
                <fo:table-row>
                  <xsl:sequence select="f:th(f:label('vat.category'), 'start')"/>
                  <xsl:sequence select="f:th(f:label('vat.rate'), 'end')"/>
                  <xsl:sequence select="f:th(f:label('vat.taxable-amount'), 'end')"/>
                  <xsl:sequence select="f:th(f:label('vat.tax-amount'), 'end')"/>
                </fo:table-row>
              </fo:table-header>
              <fo:table-body>
                <xsl:for-each select="inv:vatBreakdown/inv:vat">
                  <fo:table-row>
                    <xsl:sequence select="f:td(f:vat-category(@category), 'start')"/>
                    <xsl:sequence select="f:td(f:percent(@rate), 'end')"/>
                    <xsl:sequence select="f:td(f:amount(inv:taxableAmount, $currency), 'end')"/>
                    <xsl:sequence select="f:td(f:amount(inv:taxAmount, $currency), 'end')"/>
                  </fo:table-row>
                </xsl:for-each>
              </fo:table-body>
            </fo:table>
          </fo:table-cell>
          <fo:table-cell><fo:block/></fo:table-cell>
          <fo:table-cell>
            <fo:table xsl:use-attribute-sets="f:table">
              <xsl:sequence select="f:columns((55, 45))"/>
              <fo:table-body>
                <xsl:if test="inv:allowanceCharges">
                  <xsl:sequence select="f:total-row(f:label('invoice.total.lines'), f:amount(inv:totals/inv:lineTotal, $currency))"/>
                  <xsl:variable name="several-rates" select="count(distinct-values(inv:allowanceCharges/inv:allowanceCharge/inv:vatRate/xs:decimal(.))) gt 1"/>
                  <xsl:for-each select="inv:allowanceCharges/inv:allowanceCharge">
                    <xsl:variable name="caption" select="concat(inv:reason, if (inv:percent) then concat(' (', f:percent(inv:percent), ')') else '')"/>
                    <xsl:sequence select="f:total-row(if ($several-rates) then f:label('allowance.document-vat', ($caption, f:percent(inv:vatRate))) else $caption,
                                                      f:amount(if (@charge = ('true', '1')) then xs:decimal(inv:amount)
                                                               else -xs:decimal(inv:amount), $currency))"/>
                  </xsl:for-each>
                </xsl:if>
                <xsl:sequence select="f:total-row(f:label('invoice.total.net'), f:amount(inv:totals/inv:taxExclusive, $currency))"/>
                <xsl:sequence select="f:total-row(f:label('invoice.total.vat'), f:amount(inv:totals/inv:tax, $currency))"/>
                <xsl:sequence select="f:total-row(f:label('invoice.total.gross'), f:amount(inv:totals/inv:taxInclusive, $currency))"/>
                <fo:table-row>
                  <xsl:sequence select="f:td-grand-total(f:label(if (inv:typeCode eq '381') then 'invoice.total.credited' else 'invoice.total.payable'), 'start', 1)"/>
                  <xsl:sequence select="f:td-grand-total(f:amount(inv:totals/inv:payable, $currency), 'end', 1)"/>
                </fo:table-row>
              </fo:table-body>
            </fo:table>
            <fo:block xsl:use-attribute-sets="f:small" color="{$f:color-muted}" text-align="end" space-before="1mm">
              <xsl:value-of select="f:label('invoice.currency', $currency)"/>
            </fo:block>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:function name="f:total-row" as="element(fo:table-row)">
    <xsl:param name="caption" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <fo:table-row>
      <xsl:sequence select="f:td($caption, 'start')"/>
      <xsl:sequence select="f:td($value, 'end')"/>
    </fo:table-row>
  </xsl:function>

  <!-- ========== legal mentions: VAT regime, VAT on debits ========== -->

  <xsl:template match="inv:invoice" mode="f:invoice-mentions">
    <xsl:variable name="mentions" as="xs:string*">
      <!-- one mention per exempt VAT category on the invoice (its BT-121 code), whatever regime its lines came from -->
      <xsl:variable name="categories" select="inv:vatBreakdown/inv:vat/@category/string()"/>
      <xsl:if test="$categories = 'AE' or inv:vatRegime eq 'REVERSE_CHARGE'">
        <xsl:sequence select="f:label('mention.reverse-charge')"/>
      </xsl:if>
      <xsl:if test="$categories = 'G' or inv:vatRegime eq 'EXPORT'">
        <xsl:sequence select="f:label('mention.export')"/>
      </xsl:if>
      <xsl:if test="$categories = 'E' or inv:vatRegime eq 'FRANCHISE'">
        <xsl:sequence select="f:label('mention.franchise')"/>
      </xsl:if>
      <!-- an invoice in another currency: its VAT in euros (BT-111) and the rate, so the buyer can deduct it -->
      <xsl:if test="inv:taxCurrency and inv:totals/inv:taxInAccountingCurrency">
        <xsl:variable name="rate" select="inv:exchangeRate"/>
        <xsl:sequence select="f:label('mention.tax-in-eur', (
                                f:amount(inv:totals/inv:taxInAccountingCurrency, string(inv:taxCurrency)),
                                string($rate/inv:currency),
                                f:exchange-rate($rate/inv:eurPerUnit),
                                f:label(concat('mention.rate.', $rate/inv:source), f:date($rate/inv:date))))"/>
      </xsl:if>
      <xsl:if test="xs:boolean(inv:seller/inv:vatOnDebits)">
        <xsl:sequence select="f:label('mention.vat-on-debits')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="exists($mentions)">
      <fo:block xsl:use-attribute-sets="f:mention" keep-together.within-page="always">
        <xsl:for-each select="$mentions">
          <fo:block><xsl:value-of select="."/></fo:block>
        </xsl:for-each>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <!-- an exchange rate as recorded (6 decimals at most, at least 4): 0,923361 -->
  <xsl:function name="f:exchange-rate" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:variable name="fr" select="$f:lang eq 'fr'"/>
    <xsl:sequence select="format-number(xs:decimal($value), if ($fr) then '#&#xA0;##0,0000##' else '#,##0.0000##',
                                        if ($fr) then 'f:fr' else 'f:en')"/>
  </xsl:function>

  <!-- ========== payment ========== -->

  <xsl:template match="inv:paymentTerms" mode="f:invoice-payment">
    <xsl:variable name="invoice" select=".."/>
    <xsl:variable name="seller" select="../inv:seller"/>
    <fo:block keep-together.within-page="always">
      <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('payment.title')"/></fo:block>
      <fo:block font-weight="bold">
        <xsl:value-of select="concat(f:label('common.colon', f:label('payment.due-date')), ' ', f:date($invoice/inv:dueDate))"/>
        <xsl:value-of select="concat(' (', if (xs:integer(inv:days) eq 0) then f:label('payment.terms.on-receipt')
                              else f:label('payment.terms.days', inv:days), ')')"/>
      </fo:block>
      <fo:block space-before="1mm">
        <xsl:value-of select="if (normalize-space(inv:earlyPaymentDiscount) = ('none', ''))
                              then f:label('payment.no-discount')
                              else f:label('payment.discount', normalize-space(inv:earlyPaymentDiscount))"/>
      </fo:block>
      <fo:block space-before="1mm">
        <xsl:value-of select="f:label('payment.late-penalty', f:percent(inv:latePenaltyRate))"/>
      </fo:block>
      <fo:block space-before="1mm">
        <xsl:value-of select="f:label('payment.recovery-indemnity',
                              f:amount(inv:recoveryIndemnity, inv:recoveryIndemnity/@currency))"/>
      </fo:block>
      <xsl:if test="$seller/inv:iban">
        <fo:block font-weight="bold" space-before="3mm" space-after="1mm">
          <xsl:value-of select="f:label('payment.transfer')"/>
        </fo:block>
        <fo:table xsl:use-attribute-sets="f:table" background-color="{$f:color-shade}">
          <xsl:sequence select="f:columns((27, 42, 14, 27))"/>
          <fo:table-body>
            <fo:table-row>
              <xsl:sequence select="f:info-cell(f:label('payment.account-holder'), $seller/inv:name)"/>
              <xsl:sequence select="f:info-cell(f:label('payment.iban'), f:iban($seller/inv:iban))"/>
              <xsl:sequence select="f:info-cell(f:label('payment.bic'), $seller/inv:bic)"/>
              <xsl:sequence select="f:info-cell(f:label('payment.remittance'), $invoice/inv:number)"/>
            </fo:table-row>
          </fo:table-body>
        </fo:table>
      </xsl:if>
      <xsl:call-template name="f:template-payment-note"/>
    </fo:block>
  </xsl:template>

  <!-- ========== annexes and source CRA ========== -->

  <xsl:template match="inv:invoice" mode="f:invoice-references">
    <xsl:variable name="annex-titles" as="xs:string*">
      <xsl:for-each select="f:annexes(.)">
        <xsl:variable name="title" as="xs:string*"><xsl:apply-templates select="." mode="f:annex-title"/></xsl:variable>
        <xsl:if test="exists($title)">
          <xsl:sequence select="f:label('annex.heading', (f:annex-number(.), $title))"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="exists($annex-titles) or inv:cra">
      <fo:block keep-together.within-page="always">
        <fo:block xsl:use-attribute-sets="f:heading"><xsl:value-of select="f:label('invoice.references')"/></fo:block>
        <xsl:for-each select="$annex-titles">
          <fo:block><xsl:value-of select="f:label('invoice.annex-enclosed', .)"/></fo:block>
        </xsl:for-each>
        <xsl:apply-templates select="inv:cra" mode="f:cra-reference"/>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <!-- "Compte rendu d'activité n° 42, version 1, validé par Claire Martin (claire.martin@…) le ..." -->
  <xsl:template match="inv:cra" mode="f:cra-reference">
    <fo:block>
      <xsl:value-of select="f:label('cra.reference', (@id, @version))"/>
      <xsl:if test="inv:approvedBy or inv:approvedAt">
        <xsl:value-of select="concat(', ', f:cra-approval(.))"/>
      </xsl:if>
    </fo:block>
  </xsl:template>

  <!--
    Who approved the CRA, as the invoice and its annex print it: always the client's approver, never a hub account.
    EXPLICIT: "validé par Claire Martin (claire.martin@globex.example) le 05/11/2026 14:02"; TACIT: "validé tacitement
    le ..."; RECORDED: "validé le ..., enregistré par admin pour le compte de Claire Martin (...)"; a CRA approved
    before decisions were recorded (no approvalKind): "validé par <approvedBy> le ...".
  -->
  <xsl:function name="f:cra-approval" as="xs:string">
    <xsl:param name="cra" as="element()"/>
    <xsl:variable name="who" select="if ($cra/inv:approverEmail and string($cra/inv:approverEmail) ne string($cra/inv:approvedBy))
                                     then f:label('cra.approval.person', (string($cra/inv:approvedBy), string($cra/inv:approverEmail)))
                                     else string(($cra/inv:approvedBy, '–')[1])"/>
    <xsl:variable name="when" select="f:date-time($cra/inv:approvedAt)"/>
    <xsl:choose>
      <xsl:when test="$cra/inv:approvalKind eq 'TACIT'">
        <xsl:sequence select="f:label('cra.reference.tacit', $when)"/>
      </xsl:when>
      <xsl:when test="$cra/inv:approvalKind eq 'RECORDED'">
        <xsl:sequence select="f:label('cra.reference.recorded', ($who, $when, string($cra/inv:recordedBy)))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="f:label('cra.reference.approved', ($who, $when))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Fallback for an annex without a module: warn, print nothing. Modules imported later take precedence. -->
  <xsl:template match="inv:annexes/*" mode="f:annex">
    <xsl:message>No stylesheet module renders annex <xsl:value-of select="name()"/>: it is left out of the PDF.</xsl:message>
  </xsl:template>
  <xsl:template match="inv:annexes/*" mode="f:annex-title"/>
</xsl:stylesheet>
