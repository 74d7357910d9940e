<?xml version="1.0" encoding="UTF-8"?>
<!--
  Labels and number/date formatting for every crahub stylesheet. Functions live in urn:crahub:xsl:functions (prefix f).

  LANGUAGE
    The document's root @language ("fr" or "en"; default "fr") chooses the dictionary xsl/l10n/<language>.xml and the
    formats below. The stylesheet parameter f:language overrides it. An unknown language falls back to French.

  LABELS   f:label($key) / f:label($key, $args)
    Looked up in the document language, then in French. A key missing from both STOPS the transformation
    (xsl:message terminate="yes", error code f:missing-label) so that no document ever goes out with a hole in it.
    Placeholders {1}, {2}... in a label are replaced, literally, by the items of $args.
    Dynamic keys are limited to weekday.1..7 (ISO, 1 = Monday) and month.1..12.

  FORMATS            fr                          en
    amount           2 293,20 €   (-1 234,00 €)  €2,293.20   (-€1,234.00)
                     grouping separator U+00A0 (no-break space), decimal comma; a no-break space before the
                     symbol in fr. Symbols for EUR €, USD $, GBP £; other currencies print their ISO code
                     (fr "1 000,00 CHF", en "CHF 1,000.00").
    decimal          15,50 (2 digits, NBSP grouping)   15.50
    quantity         1,94   1,9375 (2 to 4 digits)     1.94   1.9375
    percent          20 %   12,15 %  (NBSP before %, no trailing zeros)   20%   12.15%
    date             26/11/2026                  26 Nov 2026
    date-time        05/11/2026 14:02            5 Nov 2026, 14:02   (local time as written, no time-zone shift)
    month            octobre 2026                October 2026   (month names from the dictionary)
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:f="urn:crahub:xsl:functions"
                exclude-result-prefixes="xs f">

  <!-- Language of the document: root @language unless overridden by the caller. -->
  <xsl:param name="f:language" as="xs:string" select="string((/*/@language, 'fr')[1])"/>

  <xsl:variable name="f:supported-languages" as="xs:string+" select="('fr', 'en')"/>
  <xsl:variable name="f:lang" as="xs:string"
                select="if ($f:language = $f:supported-languages) then $f:language else 'fr'"/>

  <xsl:variable name="f:dictionary-fr" as="document-node()" select="document('../l10n/fr.xml')"/>
  <xsl:variable name="f:dictionary" as="document-node()"
                select="if ($f:lang eq 'fr') then $f:dictionary-fr else document(concat('../l10n/', $f:lang, '.xml'))"/>

  <xsl:key name="f:label" match="label" use="@key"/>

  <xsl:decimal-format name="f:fr" decimal-separator="," grouping-separator="&#xA0;" minus-sign="-"/>
  <xsl:decimal-format name="f:en" decimal-separator="." grouping-separator="," minus-sign="-"/>

  <!-- ========== labels ========== -->

  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="hit" select="(key('f:label', $key, $f:dictionary), key('f:label', $key, $f:dictionary-fr))[1]"/>
    <xsl:choose>
      <xsl:when test="exists($hit)">
        <xsl:sequence select="normalize-space($hit)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes" error-code="f:missing-label">Missing label key '<xsl:value-of select="$key"/>' (language <xsl:value-of select="$f:lang"/>): add it to xsl/l10n/*.xml</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="args" as="xs:anyAtomicType*"/>
    <xsl:sequence select="fold-left(1 to count($args), f:label($key),
                            function($text, $i) { replace($text, concat('{', $i, '}'), string($args[$i]), 'q') })"/>
  </xsl:function>

  <!-- ========== numbers ========== -->

  <xsl:function name="f:decimal" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:param name="fraction-digits" as="xs:integer"/>
    <xsl:variable name="fr" select="$f:lang eq 'fr'"/>
    <xsl:variable name="picture" as="xs:string"
                  select="concat(if ($fr) then '#&#xA0;##0' else '#,##0',
                                 if ($fraction-digits gt 0)
                                 then concat(if ($fr) then ',' else '.', string-join(for $i in 1 to $fraction-digits return '0'))
                                 else '')"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else format-number(xs:decimal($value), $picture, if ($fr) then 'f:fr' else 'f:en')"/>
  </xsl:function>

  <!-- 2-digit decimal, e.g. hours 15,50 -->
  <xsl:function name="f:decimal" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:sequence select="f:decimal($value, 2)"/>
  </xsl:function>

  <!-- quantity: 2 to 4 fraction digits, e.g. 1,94 or 1,9375 -->
  <xsl:function name="f:quantity" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:variable name="fr" select="$f:lang eq 'fr'"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else format-number(xs:decimal($value), if ($fr) then '#&#xA0;##0,00##' else '#,##0.00##',
                                             if ($fr) then 'f:fr' else 'f:en')"/>
  </xsl:function>

  <!-- a quantity without ",00" when whole: the 7 of "pour 7 h", 7,5 stays 7,50 -->
  <xsl:function name="f:quantity-whole" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:sequence select="replace(f:quantity($value), '[,.]00$', '')"/>
  </xsl:function>

  <xsl:function name="f:currency-symbol" as="xs:string">
    <xsl:param name="currency" as="xs:string"/>
    <xsl:sequence select="(map { 'EUR': '€', 'USD': '$', 'GBP': '£' }($currency), $currency)[1]"/>
  </xsl:function>

  <xsl:function name="f:amount" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:param name="currency" as="xs:string?"/>
    <xsl:variable name="currency" select="($currency[. ne ''], 'EUR')[1]"/>
    <xsl:variable name="symbol" select="f:currency-symbol($currency)"/>
    <xsl:choose>
      <xsl:when test="empty($value) or string($value) eq ''">
        <xsl:sequence select="''"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="number" select="xs:decimal($value)"/>
        <xsl:variable name="sign" select="if ($number lt 0) then '-' else ''"/>
        <xsl:variable name="digits" select="f:decimal(abs($number), 2)"/>
        <xsl:sequence select="if ($f:lang eq 'fr') then concat($sign, $digits, '&#xA0;', $symbol)
                              else if (string-length($symbol) eq 1) then concat($sign, $symbol, $digits)
                              else concat($sign, $symbol, '&#xA0;', $digits)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- 20 %, 5,5 %, 12,15 % (fr); 20%, 12.15% (en) -->
  <xsl:function name="f:percent" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:variable name="fr" select="$f:lang eq 'fr'"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else concat(format-number(xs:decimal($value), if ($fr) then '#&#xA0;##0,##' else '#,##0.##',
                                                    if ($fr) then 'f:fr' else 'f:en'),
                                      if ($fr) then '&#xA0;%' else '%')"/>
  </xsl:function>

  <!-- ========== dates ========== -->

  <xsl:function name="f:date" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else if ($f:lang eq 'fr') then format-date(xs:date($value), '[D01]/[M01]/[Y0001]')
                          else format-date(xs:date($value), '[D] [MNn,3-3] [Y0001]', 'en', (), ())"/>
  </xsl:function>

  <xsl:function name="f:date-time" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType?"/>
    <xsl:sequence select="if (empty($value) or string($value) eq '') then ''
                          else if ($f:lang eq 'fr') then format-dateTime(xs:dateTime($value), '[D01]/[M01]/[Y0001] [H01]:[m01]')
                          else format-dateTime(xs:dateTime($value), '[D] [MNn,3-3] [Y0001], [H01]:[m01]', 'en', (), ())"/>
  </xsl:function>

  <!-- ISO day of week, 1 = Monday ... 7 = Sunday -->
  <xsl:function name="f:iso-weekday" as="xs:integer">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="xs:integer(format-date(xs:date($value), '[F1]'))"/>
  </xsl:function>

  <xsl:function name="f:weekday" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="f:label(concat('weekday.', f:iso-weekday($value)))"/>
  </xsl:function>

  <xsl:function name="f:is-weekend" as="xs:boolean">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:sequence select="f:iso-weekday($value) ge 6"/>
  </xsl:function>

  <!-- "2026-10" (xs:gYearMonth lexical form) or a date -> "octobre 2026" / "October 2026" -->
  <xsl:function name="f:month" as="xs:string">
    <xsl:param name="value" as="xs:anyAtomicType"/>
    <xsl:variable name="year" select="substring(string($value), 1, 4)"/>
    <xsl:variable name="month" select="xs:integer(substring(string($value), 6, 2))"/>
    <xsl:sequence select="concat(f:label(concat('month.', $month)), ' ', $year)"/>
  </xsl:function>

  <!-- "du 01/10/2026 au 31/10/2026" -->
  <xsl:function name="f:period" as="xs:string">
    <xsl:param name="start" as="xs:anyAtomicType?"/>
    <xsl:param name="end" as="xs:anyAtomicType?"/>
    <xsl:sequence select="f:label('common.period.from-to', (f:date($start), f:date($end)))"/>
  </xsl:function>

  <!-- Codes and identifiers (project codes, references): a zero-width space after - _ . / so that FOP may wrap them
       in a narrow column instead of overflowing it. Not for values that must be searchable as a whole in the PDF. -->
  <xsl:function name="f:breakable" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="replace(string($value), '([\-_./])', '$1&#x200B;')"/>
  </xsl:function>

  <!-- IBAN printed in groups of four, e.g. FR76 3000 6000 0112 3456 7890 189 -->
  <xsl:function name="f:iban" as="xs:string">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:variable name="compact" select="replace(string($value), '\s', '')"/>
    <xsl:sequence select="string-join(for $i in 0 to (string-length($compact) - 1) idiv 4
                                      return substring($compact, $i * 4 + 1, 4), ' ')"/>
  </xsl:function>
</xsl:stylesheet>
