/**
 * Ready-made connections to the feed, for the BI tools that open a file: a Power BI data source
 * file (`.pbids`: Get Data opens the feed, the user picks tables) and an Office Data Connection
 * (`.odc`: Excel's Data → Existing Connections, an OData data feed). Both hold the service's
 * address as the request reached it.
 */
export function pbids(serviceRoot: string): Record<string, unknown> {
  return {
    version: '0.1',
    connections: [{ details: { protocol: 'odata', address: { url: serviceRoot } }, options: {}, mode: 'Import' }],
  };
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function odc(serviceRoot: string): string {
  const root = xml(serviceRoot);
  return `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/x-ms-odc; charset=utf-8">
<meta name=ProgId content=ODC.Database>
<meta name=SourceType content=DATAFEED>
<title>inclusion-graph</title>
<xml id=docprops><o:DocumentProperties xmlns="http://www.w3.org/TR/REC-html40">
  <o:Name>inclusion-graph</o:Name>
  <o:Description>OData feed of inclusion-graph: communes, structures, services, formations, datasets</o:Description>
 </o:DocumentProperties>
</xml>
<xml id=msodc><odc:OfficeDataConnection xmlns:odc="urn:schemas-microsoft-com:office:odc" xmlns="http://www.w3.org/TR/REC-html40">
  <odc:Connection odc:Type="DATAFEED">
   <odc:ConnectionString>Data Source=${root};Namespaces to Include=*;Max Received Message Size=4398046511104;Integrated Security=None;Persist Security Info=false;Base Url=${root}</odc:ConnectionString>
  </odc:Connection>
 </odc:OfficeDataConnection>
</xml>
</head>
</html>
`;
}
