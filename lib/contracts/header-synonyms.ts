/**
 * Header names shops use for the contract's columns, in English, Portuguese, Spanish, French and German
 * (and the spellings of common exports: Olist, Shopify, WooCommerce). Keys are compared after
 * `headerKey` (lower case, no accents, letters and digits only), so `Situação`, `situacao` and
 * `SITUACAO` are one entry. A name may serve several tables (`price`): the table decides.
 */
export const COLUMN_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  order_id: [
    "order", "orderid", "ordernumber", "orderno", "ordernr", "ordercode", "orderref", "idorder",
    "pedido", "idpedido", "pedidoid", "numeropedido", "numerodopedido", "codigopedido", "codigodopedido", "nopedido", "npedido",
    "idorden", "numeroorden", "orden", "numerodeorden",
    "commande", "idcommande", "numerocommande", "numerodecommande", "nocommande", "referencecommande",
    "bestellung", "bestellnummer", "bestellnr", "bestellid", "auftrag", "auftragsnummer", "auftragsnr",
  ],
  customer_id: [
    "customer", "customerid", "customernumber", "customeruniqueid", "clientid", "client", "buyerid", "userid", "customeruserid",
    "cliente", "idcliente", "clienteid", "codigocliente", "codigodocliente", "numerocliente", "comprador",
    "idclient", "numeroclient", "codeclient",
    "kunde", "kundenid", "kundennummer", "kundennr",
  ],
  order_ts: [
    "orderdate", "orderts", "ordertime", "orderdatetime", "orderpurchasetimestamp", "purchasedate", "purchasetimestamp", "orderedat", "placedat", "createdat", "datecreated", "date", "orderdatetime",
    "data", "datapedido", "datadopedido", "datadacompra", "datacompra", "dataemissao", "datahora", "datahorapedido",
    "fecha", "fechapedido", "fechadepedido", "fechadelpedido", "fechacompra", "fechadecompra",
    "datecommande", "datedecommande", "dateachat",
    "bestelldatum", "datum", "auftragsdatum", "kaufdatum",
  ],
  status: [
    "status", "orderstatus", "state", "financialstatus", "fulfillmentstatus",
    "situacao", "situacaopedido", "situacaodopedido", "statuspedido", "statusdopedido", "estado", "estadopedido", "estadodelpedido",
    "statut", "statutcommande", "etat",
    "bestellstatus", "zustand", "auftragsstatus",
  ],
  currency: ["currency", "currencycode", "moeda", "moneda", "divisa", "devise", "wahrung", "waehrung"],
  subtotal: ["subtotal", "subtotalprice", "itemstotal", "valorprodutos", "valordosprodutos", "soustotal", "zwischensumme", "warenwert"],
  discount: [
    "discount", "discountamount", "discounts", "totaldiscount", "totaldiscounts", "lineitemdiscount", "linediscount", "itemdiscount",
    "desconto", "valordesconto", "descuento", "remise", "rabais", "rabatt", "nachlass",
  ],
  shipping: [
    "shipping", "shippingcost", "shippingamount", "shippingtotal", "freight", "delivery",
    "frete", "valorfrete", "valordofrete", "envio", "gastosdeenvio", "costodeenvio",
    "livraison", "fraisdeport", "fraisdelivraison", "fraisdenvoi",
    "versand", "versandkosten", "lieferkosten",
  ],
  tax: ["tax", "taxes", "taxamount", "totaltax", "ordertax", "ordertaxes", "taxtotal", "totaltaxes", "salestax", "vat", "imposto", "impostos", "impuesto", "impuestos", "iva", "tva", "taxe", "steuer", "steuern", "mwst", "ust"],
  total: [
    "total", "ordertotal", "totalamount", "amount", "grandtotal", "totalprice", "ordertotalamount", "ordervalue", "paymentvalue",
    "valortotal", "totalpedido", "valordopedido", "valorpedido", "valor",
    "importe", "importetotal", "totaldelpedido",
    "montant", "montanttotal", "totalttc",
    "gesamtbetrag", "gesamtsumme", "summe", "betrag", "gesamt", "endbetrag",
  ],
  payment_method: [
    "paymentmethod", "paymenttype", "payment", "paymentgateway",
    "formapagamento", "formadepagamento", "metodopagamento", "metododepagamento", "meiodepagamento", "pagamento",
    "metododepago", "formadepago", "mediodepago",
    "modedepaiement", "paiement", "moyendepaiement",
    "zahlungsart", "zahlungsmethode", "zahlweise",
  ],
  country: ["country", "countrycode", "billingcountry", "shippingcountry", "pais", "codigopais", "pays", "land", "landercode"],
  channel: ["channel", "saleschannel", "salechannel", "marketingchannel", "canal", "canaldevenda", "canaldeventa", "canalvente", "kanal", "vertriebskanal"],
  device: ["device", "devicetype", "dispositivo", "tipodispositivo", "appareil", "typeappareil", "gerat", "geraet", "geratetyp", "endgerat"],
  session_id: ["session", "sessionid", "visitid", "visit", "sessao", "idsessao", "sesion", "idsesion", "idsession", "sitzung", "sitzungsid"],
  order_item_id: [
    "orderitemid", "orderitem", "itemid", "lineid", "lineitemid", "linenumber", "lineno", "line", "itemnumber", "itemno", "item", "position", "pos", "seq", "sequence",
    "itempedido", "iditem", "numeroitem", "nitem", "item", "linha", "numerolinha", "sequencia", "posicao",
    "linea", "numerolinea", "lineapedido",
    "ligne", "numeroligne", "idligne",
    "positionsnummer", "positionsnr", "posnr",
  ],
  product_id: [
    "product", "productid", "sku", "lineitemsku", "productcode", "productsku", "itemcode", "articleid",
    "produto", "idproduto", "codigoproduto", "codigodoproduto", "codproduto", "referencia",
    "producto", "idproducto", "codigoproducto", "codigodelproducto",
    "produit", "idproduit", "referenceproduit", "codeproduit", "reference",
    "produkt", "produktid", "artikel", "artikelnummer", "artikelnr", "artikelid",
  ],
  quantity: ["quantity", "qty", "lineitemquantity", "units", "amountunits", "quantidade", "qtd", "qtde", "cantidad", "cant", "quantite", "qte", "menge", "anzahl", "stuckzahl"],
  unit_price: [
    "unitprice", "price", "itemprice", "lineitemprice", "priceeach", "itemcost", "saleprice",
    "precounitario", "preco", "valorunitario", "precodevenda", "precovenda",
    "preciounitario", "precio", "preciodeventa",
    "prixunitaire", "prix", "prixdevente",
    "einzelpreis", "stuckpreis", "preis", "verkaufspreis",
  ],
  name: ["name", "productname", "title", "producttitle", "nome", "nomeproduto", "nomedoproduto", "descricao", "nombre", "nombreproducto", "descripcion", "nom", "nomproduit", "libelle", "designation", "produktname", "bezeichnung", "artikelname"],
  category: ["category", "productcategory", "productcategoryname", "producttype", "categoria", "categoriaproduto", "categoriadoproduto", "categorie", "kategorie", "warengruppe", "rubrik"],
  subcategory: ["subcategory", "subcategoria", "souscategorie", "unterkategorie"],
  brand: ["brand", "vendor", "manufacturer", "marca", "fabricante", "marque", "fabricant", "marke", "hersteller"],
  price: ["price", "listprice", "unitprice", "variantprice", "preco", "precodevenda", "precio", "prix", "preis", "listenpreis", "verkaufspreis"],
  cost: ["cost", "unitcost", "costprice", "purchaseprice", "costperitem", "custo", "precocusto", "precodecusto", "costo", "preciodecosto", "cout", "prixdachat", "prixdevient", "kosten", "einkaufspreis", "ekpreis"],
  active: ["active", "enabled", "published", "ativo", "activo", "actif", "aktiv", "status"],
  signup_ts: [
    "signupts", "signupdate", "signup", "signedupat", "registeredat", "registrationdate", "createdat", "customersince", "datecreated",
    "datacadastro", "datadecadastro", "cadastro", "dataregistro",
    "fecharegistro", "fechaderegistro", "fechaalta", "fechadealta",
    "dateinscription", "datedinscription", "inscription",
    "registrierungsdatum", "registriertam", "anmeldedatum", "kundeseit",
  ],
  city: ["city", "town", "customercity", "billingcity", "cidade", "municipio", "ciudad", "localidad", "ville", "commune", "stadt", "ort", "wohnort"],
  acquisition_channel: ["acquisitionchannel", "acquisition", "source", "origem", "canalaquisicao", "canaldeaquisicao", "origen", "canaldeadquisicion", "canaldacquisition", "akquisekanal", "herkunft"],
  birth_year: ["birthyear", "yearofbirth", "anonascimento", "anodenascimento", "anodenacimiento", "anneedenaissance", "anneenaissance", "geburtsjahr"],
  gender: ["gender", "sex", "genero", "sexo", "genre", "sexe", "geschlecht"],
  segment: ["segment", "customertype", "customersegment", "segmento", "tipocliente", "tipodecliente", "typeclient", "typedeclient", "kundentyp", "kundensegment"],
  session_start: ["sessionstart", "start", "starttime", "startedat", "visitstart", "inicio", "iniciosessao", "iniciodasessao", "iniciosesion", "debut", "debutsession", "beginn", "sitzungsbeginn", "startzeit"],
  session_end: ["sessionend", "end", "endtime", "endedat", "visitend", "fim", "fimsessao", "fimdasessao", "fin", "finsesion", "finsession", "ende", "sitzungsende", "endzeit"],
  landing_page: ["landingpage", "landing", "entrypage", "landingsite", "paginaentrada", "paginadeentrada", "paginadeaterrizaje", "pagedentree", "pagedarrivee", "einstiegsseite", "zielseite"],
  utm_source: ["utmsource", "source"],
  utm_medium: ["utmmedium", "medium", "midia", "medio", "support"],
  utm_campaign: ["utmcampaign", "campaign", "campanha", "campana", "campagne", "kampagne"],
  event_id: ["eventid", "event", "hitid", "idevento", "evento", "idevenement", "evenement", "ereignis", "ereignisid"],
  event_ts: ["eventts", "eventtime", "eventtimestamp", "timestamp", "ts", "occurredat", "time", "datahora", "momento", "fechahora", "horodatage", "zeitstempel", "zeitpunkt"],
  event_type: ["eventtype", "eventname", "type", "action", "tipo", "tipoevento", "tipodeevento", "accion", "typeevenement", "typedevenement", "ereignistyp", "ereignisart", "aktion"],
  page_url: ["pageurl", "url", "page", "pagelocation", "pagina", "urlpagina", "urldapagina", "seite", "seitenurl"],
  review_id: ["reviewid", "review", "idavaliacao", "avaliacao", "avaliacaoid", "idresena", "resena", "idopinion", "idavis", "avis", "bewertungsid", "rezensionid"],
  rating: ["rating", "score", "reviewscore", "stars", "nota", "estrelas", "avaliacao", "puntuacion", "calificacion", "valoracion", "estrellas", "note", "etoiles", "bewertung", "sterne", "punkte"],
  review_ts: ["reviewts", "reviewdate", "reviewcreationdate", "reviewedat", "dataavaliacao", "datadaavaliacao", "fecharesena", "fechaopinion", "dateavis", "datedelavis", "bewertungsdatum", "rezensionsdatum"],
  title: ["title", "reviewtitle", "reviewcommenttitle", "subject", "titulo", "assunto", "titre", "sujet", "titel", "betreff"],
  comment: ["comment", "comments", "reviewcomment", "reviewcommentmessage", "reviewtext", "text", "body", "message", "comentario", "texto", "mensagem", "comentarios", "commentaire", "texte", "kommentar", "nachricht"],
};

/** A header name as the dictionary compares it: lower case, accents dropped, letters and digits only. */
export function headerKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

/**
 * The header names that look like missing columns (`Order Id`, `Data do pedido`): the contract matches
 * names only case-insensitively, so such a file needs a profile, and a message can say which names.
 */
export function lookAlikes(missing: readonly string[], header: readonly string[]): { column: string; header: string }[] {
  return missing.flatMap((column) => {
    const h = header.find((name) => {
      const key = headerKey(name);
      return key === headerKey(column) || (COLUMN_SYNONYMS[column] ?? []).includes(key);
    });
    // Shown in messages: a header of thousands of characters is cut.
    const shown = h?.trim();
    return shown === undefined ? [] : [{ column, header: shown.length > 60 ? `${shown.slice(0, 60)}…` : shown }];
  });
}
