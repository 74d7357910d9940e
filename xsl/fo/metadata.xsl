<?xml version="1.0" encoding="UTF-8"?>
<!-- PDF document information (title, author, language) as an XMP packet in fo:declarations. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:f="urn:crahub:xsl:functions"
                xmlns:x="adobe:ns:meta/"
                xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                xmlns:dc="http://purl.org/dc/elements/1.1/"
                exclude-result-prefixes="xs f">

  <xsl:function name="f:declarations" as="element(fo:declarations)">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="author" as="xs:string"/>
    <fo:declarations>
      <x:xmpmeta>
        <rdf:RDF>
          <rdf:Description rdf:about="">
            <dc:title><xsl:value-of select="$title"/></dc:title>
            <dc:creator><xsl:value-of select="$author"/></dc:creator>
            <dc:language><xsl:value-of select="$f:lang"/></dc:language>
          </rdf:Description>
        </rdf:RDF>
      </x:xmpmeta>
    </fo:declarations>
  </xsl:function>
</xsl:stylesheet>
