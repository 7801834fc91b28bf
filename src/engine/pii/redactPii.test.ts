import { describe, expect, it } from "vitest";
import { PiiInputError, redactPii, type PiiType } from "./redactPii.ts";

const found = (text: string): [PiiType, string][] =>
  redactPii(text).spans.map((s) => [s.type, text.slice(s.start, s.end)]);

describe("redactPii", () => {
  it("PII-FORMATS: emails, cards (Luhn), IBANs (mod 97), IPs, SSNs", () => {
    expect(found("mail me at jo.smith+tag@example.co.uk please")).toEqual([
      ["EMAIL", "jo.smith+tag@example.co.uk"],
    ]);
    expect(found("card 4111 1111 1111 1111 expired")).toEqual([["CARD", "4111 1111 1111 1111"]]);
    // Same shape, wrong check digit: an order number, not a card.
    expect(found("order 4111 1111 1111 1112 is late")).toEqual([]);
    expect(found("my IBAN is DE89 3704 0044 0532 0130 00 thanks")).toEqual([
      ["IBAN", "DE89 3704 0044 0532 0130 00"],
    ]);
    expect(found("from GB52AEJL57263335291959 to other accounts")).toEqual([
      ["IBAN", "GB52AEJL57263335291959"],
    ]);
    expect(found("logged in from 192.168.10.4 and 999.1.1.1")).toEqual([["IP", "192.168.10.4"]]);
    expect(found("ssn 123-45-6789")).toEqual([["NATIONAL_ID", "123-45-6789"]]);
  });

  it("PII-CARD-CODE: a card's security code and expiry when said as one, not other short numbers", () => {
    expect(found("Card 5555-5555-5555-4444 exp 12/27 cvv 123")).toEqual([
      ["CARD", "5555-5555-5555-4444"],
      ["CARD", "12/27"],
      ["CARD", "123"],
    ]);
    expect(found("the security code is 4821, expiry date: 03/2029")).toEqual([
      ["CARD", "4821"],
      ["CARD", "03/2029"],
    ]);
    expect(found("CVC: 907")).toEqual([["CARD", "907"]]);
    expect(found("I waited 123 minutes; it expires in 12 days, ref 12/27")).toEqual([]);
  });

  it("PII-PHONE: common formats, not years, dates or order numbers", () => {
    expect(found("call me on +44 20 7946 0958 or (415) 555-2671 x12")).toEqual([
      ["PHONE", "+44 20 7946 0958"],
      ["PHONE", "(415) 555-2671 x12"],
    ]);
    expect(found("Fax: 9498777106")).toEqual([["PHONE", "9498777106"]]);
    expect(found("Order 12345678 shipped on 2023-04-01, ref 4412.")).toEqual([]);
  });

  it("PII-ADDRESS: street shapes in several languages, with the town lines after them", () => {
    expect(found("I live at 221B Baker Street, London NW1 6XE.")).toEqual([
      ["ADDRESS", "221B Baker Street, London NW1 6XE"],
    ]);
    expect(found("Send it to Wingertweg 126 please")).toEqual([["ADDRESS", "Wingertweg 126"]]);
    expect(found("The office is on Via Roma 131")).toEqual([["ADDRESS", "Via Roma 131"]]);
    expect(found("ZIP: 75534-030")).toEqual([["ADDRESS", "75534-030"]]);
  });

  it("PII-ADDRESS: the words that announce an address must be whole words", () => {
    // "are on…ly", "is on…line", "lives on…ce": not "are on", "is on", "lives on".
    expect(found("Returns are only possible within 7 days of delivery.")).toEqual([]);
    expect(found("The store is online 24 hours a day.")).toEqual([]);
    expect(found("He lives once more in 2 places.")).toEqual([]);
    expect(found("My address is 14 Elm Road, Leeds")).toEqual([["ADDRESS", "14 Elm Road, Leeds"]]);
    expect(found("Our office is at 3 Harbour Lane")).toEqual([["ADDRESS", "3 Harbour Lane"]]);
  });

  it("PII-DOB: a date is a date of birth only when the text says so", () => {
    expect(found("She was born on 9/20/1968.")).toEqual([["DATE_OF_BIRTH", "9/20/1968"]]);
    expect(found("The parcel left on 9/20/2024.")).toEqual([]);
  });

  it("PII-NAME-LOWER: a name typed in lower case after 'my name is', up to the first word that is not one", () => {
    expect(found("hi my name is maria lopez and my email is gone")).toEqual([["PERSON", "maria lopez"]]);
    expect(found("my name's kwame")).toEqual([["PERSON", "kwame"]]);
    expect(found("my name is on the account but not the card")).toEqual([]);
    expect(found("my name is spelled wrong on the invoice")).toEqual([]);
  });

  it("PII-NAME: names after introductions, greetings, titles, labels; known first names; name lists", () => {
    expect(found("Hello, my name is Priya Raman and I need help")).toEqual([["PERSON", "Priya Raman"]]);
    expect(found("Thanks Mr. Okafor, that worked")).toEqual([["PERSON", "Okafor"]]);
    expect(found("Name: Julcsa Kárpáthy")).toEqual([["PERSON", "Julcsa Kárpáthy"]]);
    expect(found("I spoke to Daniel yesterday")).toEqual([["PERSON", "Daniel"]]);
    expect(found("Faina D. Yefremova wrote the book")).toEqual([["PERSON", "Faina D. Yefremova"]]);
    expect(found("They had 6: Gaetane, Hannah, Anthony and Derek.").map(([, v]) => v)).toEqual([
      "Gaetane",
      "Hannah",
      "Anthony",
      "Derek",
    ]);
  });

  it("PII-NAME-FOREIGN: names after 'my name is' and 'I am' in German, French, Spanish, Italian, Dutch", () => {
    expect(found("Ich heiße Wiebke Thorsen und wohne in Berlin")).toEqual([["PERSON", "Wiebke Thorsen"]]);
    expect(found("Bonjour, je m'appelle Ségolène Brzezinski")).toEqual([["PERSON", "Ségolène Brzezinski"]]);
    expect(found("Hola, me llamo Itziar Goikoetxea")).toEqual([["PERSON", "Itziar Goikoetxea"]]);
    expect(found("Ciao, mi chiamo Ornella Vanoni")).toEqual([["PERSON", "Ornella Vanoni"]]);
    expect(found("Hallo, mijn naam is Femke de Vries")).toEqual([["PERSON", "Femke de Vries"]]);
    expect(found("je m'appelle ségolène et j'ai un problème")).toEqual([["PERSON", "ségolène"]]);
    expect(found("Soy Itziar Goikoetxea, cliente")).toEqual([["PERSON", "Itziar Goikoetxea"]]);
    // "I am" alone is weak, as in English: one unknown capitalised word after it is not a name.
    expect(found("Je suis Désolé")).toEqual([]);
  });

  it("PII-NAME-LINE: a name never runs onto the next line (an agent's sign-off keeps the team line)", () => {
    expect(redactPii("Thanks,\nAna\nTagteam support").text).toBe("Thanks,\n[PERSON]\nTagteam support");
    expect(found("Mrs. Jennifer Alcaraz Suite 541")).toEqual([
      ["PERSON", "Jennifer Alcaraz"],
      ["ADDRESS", "Suite 541"],
    ]);
  });

  it("PII-ADDRESS-INTL: US, German and French addresses with the postcode and town after them", () => {
    expect(found("It went to 1200 Market St, Apt 4, San Francisco, CA 94103 on Monday")).toEqual([
      ["ADDRESS", "1200 Market St, Apt 4, San Francisco, CA 94103"],
    ]);
    expect(found("Die Adresse: Hauptstraße 12, 10115 Berlin, bitte")).toEqual([
      ["ADDRESS", "Hauptstraße 12, 10115 Berlin"],
    ]);
    expect(found("Livraison au 12 rue de la Paix, 75002 Paris demain")).toEqual([
      ["ADDRESS", "12 rue de la Paix, 75002 Paris"],
    ]);
    expect(found("Flat 3, 10 Downing Street, London SW1A 2AA")).toEqual([
      ["ADDRESS", "Flat 3"],
      ["ADDRESS", "10 Downing Street, London SW1A 2AA"],
    ]);
  });

  it("PII-POSTCODE-TOWN: a postcode after the town, without a street", () => {
    expect(found("I live in Leeds LS1 4AP now")).toEqual([["ADDRESS", "LS1 4AP"]]);
    expect(found("I moved to Paris 75002 last year")).toEqual([["ADDRESS", "Paris 75002"]]);
    expect(found("she lives in Springfield, IL 62704")).toEqual([["ADDRESS", "Springfield, IL 62704"]]);
    expect(found("It failed in Version 12345 and in March 2024")).toEqual([]);
  });

  it("PII-IBAN-CUE: an IBAN after the word IBAN even with a mistyped check digit", () => {
    expect(found("IBAN DE89 3704 0044 0532 0130 01 please")).toEqual([
      ["IBAN", "DE89 3704 0044 0532 0130 01"],
    ]);
    expect(found("the iban field is empty")).toEqual([]);
  });

  it("PII-NATIONAL-ID: ids said as one, and the shapes that carry their own check (NINO, DNI, codice fiscale)", () => {
    expect(found("social security number 123456789")).toEqual([["NATIONAL_ID", "123456789"]]);
    expect(found("my national insurance number is QQ 12 34 56 C")).toEqual([
      ["NATIONAL_ID", "QQ 12 34 56 C"],
    ]);
    expect(found("Steuer-ID 12345678901, Personalausweis L01X00T47")).toEqual([
      ["NATIONAL_ID", "12345678901"],
      ["NATIONAL_ID", "L01X00T47"],
    ]);
    expect(found("mi NIE es X1234567L y el DNI 12345678Z")).toEqual([
      ["NATIONAL_ID", "X1234567L"],
      ["NATIONAL_ID", "12345678Z"],
    ]);
    expect(found("codice fiscale RSSMRA85T10A562S")).toEqual([["NATIONAL_ID", "RSSMRA85T10A562S"]]);
    expect(found("my passport number is X1234567")).toEqual([["NATIONAL_ID", "X1234567"]]);
    // Wrong check letter, no cue: an order code. A passport mentioned, no number.
    expect(found("ref 12345678A")).toEqual([]);
    expect(found("my passport is expired, ID card too")).toEqual([]);
  });

  it("PII-DOB-INTL: birth dates in other languages, and a day and month after 'date of birth'", () => {
    expect(found("geboren am 12.03.1985")).toEqual([["DATE_OF_BIRTH", "12.03.1985"]]);
    expect(found("née le 12 mars 1985")).toEqual([["DATE_OF_BIRTH", "12 mars 1985"]]);
    expect(found("fecha de nacimiento: 3 de mayo de 1990")).toEqual([["DATE_OF_BIRTH", "3 de mayo de 1990"]]);
    expect(found("my birthday is March 3rd")).toEqual([["DATE_OF_BIRTH", "March 3rd"]]);
    expect(found("It arrived on March 3rd, due 12.03.2025")).toEqual([]);
  });

  it("PII-NAME: ordinary capitalised words are left alone", () => {
    expect(found("Hi Team, Monday works. Thanks Again!")).toEqual([]);
    expect(found("I'm Happy with the refund. This is Great.")).toEqual([]);
  });

  it("PII-KNOWN: names the caller knows are redacted wherever they appear", () => {
    expect(found("ok thx, zed here again").length).toBe(0);
    expect(redactPii("ok thx, zed here again", { knownNames: ["Zed"] }).text).toBe(
      "ok thx, [PERSON] here again",
    );
  });

  it("PII-OPTIONS: types filter what is redacted; replace chooses the replacement", () => {
    const text = "Anna Berg, anna@example.com";
    expect(redactPii(text, { types: ["EMAIL"] }).text).toBe("Anna Berg, [EMAIL]");
    expect(redactPii(text, { replace: (s) => "•".repeat(s.end - s.start) }).text).toBe(
      `${"•".repeat(9)}, ${"•".repeat(16)}`,
    );
  });

  it("PII-INPUT: bad input is a clear error", () => {
    expect(() => redactPii(null as unknown as string)).toThrow(PiiInputError);
    expect(() => redactPii("x", { types: ["SHOE_SIZE" as PiiType] })).toThrow(/unknown type "SHOE_SIZE"/);
  });

  it("PII-SPANS: spans are sorted, disjoint and the redacted text keeps everything else", () => {
    const text = "Hi, I'm Anna Berg, card 4111 1111 1111 1111, mail anna@example.com, call +1 415 555 2671.";
    const { text: out, spans } = redactPii(text);
    expect(out).toBe("Hi, I'm [PERSON], card [CARD], mail [EMAIL], call [PHONE].");
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]?.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? 0);
  });
});
