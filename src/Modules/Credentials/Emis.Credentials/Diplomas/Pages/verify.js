// The verify page: sends a diploma's credential (a compact JWS) to POST /credentials/verify and shows the verdict and,
// for a valid or revoked diploma, what the credential says. Plain JavaScript, no library, nothing fetched from elsewhere.
// Everything from the credential is written with textContent, never as HTML.
(function () {
  "use strict";

  var TEXTS = {
    en: {
      pageTitle: "Verify a diploma", brand: "Diploma verification", language: "Language", skip: "Skip to the verification",
      title: "Verify a diploma",
      intro: "Check that a diploma is authentic: issued by the ministry, unaltered and not revoked.",
      pasteLabel: "The diploma's credential",
      pasteHint: "Paste the whole text of the electronic diploma (it starts with \u201Cey\u201D), or scan the QR code on the printed diploma.",
      verify: "Verify", verifying: "Verifying\u2026", empty: "Paste a diploma's credential before verifying.",
      reasonLabel: "Details (in English)", diplomaTitle: "The diploma",
      replaces: "This diploma replaces an earlier diploma", holder: "Holder", birthDate: "Date of birth", achievement: "Diploma",
      achievementEn: "In English", programme: "Programme", school: "School", term: "School year", awarded: "Date awarded",
      issuer: "Issuer", credentialId: "Diploma identifier", marks: "Marks", subject: "Subject", mark: "Mark",
      printLink: "Printable diploma",
      footer: "This page checks the diploma's digital signature and its revocation status with the issuer.",
      verdicts: {
        valid: ["Valid diploma", "The diploma is authentic: signed by its issuer, unaltered and not revoked."],
        revoked: ["Revoked diploma", "This diploma was issued by its issuer but has since been revoked. It is no longer valid."],
        tampered: ["Altered or forged", "The signature does not match the content: the diploma was changed after it was issued, "
          + "or it was not issued by this issuer. Its content is not shown."],
        unknown_issuer: ["Unknown issuer", "The diploma is signed by an issuer this service does not know; it cannot be verified here."],
        malformed: ["Not a diploma credential", "The text given is not a readable diploma credential. Check that the whole text was copied."],
        not_found: ["No such diploma", "There is no diploma with this identifier."],
        error: ["Verification failed", "The verification service could not be reached or did not answer. Try again later."]
      }
    },
    sq: {
      pageTitle: "Verifikoni një diplomë", brand: "Verifikimi i diplomave", language: "Gjuha", skip: "Kalo te verifikimi",
      title: "Verifikoni një diplomë",
      intro: "Kontrolloni nëse një diplomë është autentike: e lëshuar nga ministria, e pandryshuar dhe e pa revokuar.",
      pasteLabel: "Kredenciali i diplomës",
      pasteHint: "Ngjitni tekstin e plotë të diplomës elektronike (fillon me \u201Eey\u201C), ose skanoni kodin QR në diplomën e shtypur.",
      verify: "Verifiko", verifying: "Duke verifikuar\u2026", empty: "Ngjitni kredencialin e një diplome para se ta verifikoni.",
      reasonLabel: "Detaje (në anglisht)", diplomaTitle: "Diploma",
      replaces: "Kjo diplomë zëvendëson një diplomë të mëparshme", holder: "Mbajtësi", birthDate: "Data e lindjes",
      achievement: "Diploma", achievementEn: "Në anglisht", programme: "Programi", school: "Shkolla", term: "Viti shkollor",
      awarded: "Data e dhënies", issuer: "Lëshuesi", credentialId: "Identifikuesi i diplomës", marks: "Notat", subject: "Lënda",
      mark: "Nota", printLink: "Diploma për shtyp",
      footer: "Kjo faqe kontrollon nënshkrimin dixhital të diplomës dhe statusin e revokimit te lëshuesi.",
      verdicts: {
        valid: ["Diplomë e vlefshme", "Diploma është autentike: e nënshkruar nga lëshuesi, e pandryshuar dhe e pa revokuar."],
        revoked: ["Diplomë e revokuar", "Kjo diplomë u lëshua nga lëshuesi, por më pas u revokua. Nuk është më e vlefshme."],
        tampered: ["E ndryshuar ose e falsifikuar", "Nënshkrimi nuk përputhet me përmbajtjen: diploma është ndryshuar pasi u lëshua, "
          + "ose nuk është lëshuar nga ky lëshues. Përmbajtja e saj nuk shfaqet."],
        unknown_issuer: ["Lëshues i panjohur", "Diploma është nënshkruar nga një lëshues që ky shërbim nuk e njeh; nuk mund të verifikohet këtu."],
        malformed: ["Nuk është kredencial diplome", "Teksti i dhënë nuk është kredencial diplome i lexueshëm. Kontrolloni që i gjithë teksti të jetë kopjuar."],
        not_found: ["Diploma nuk u gjet", "Nuk ka diplomë me këtë identifikues."],
        error: ["Verifikimi dështoi", "Shërbimi i verifikimit nuk u arrit ose nuk u përgjigj. Provoni përsëri më vonë."]
      }
    },
    bs: {
      pageTitle: "Provjera diplome", brand: "Provjera diploma", language: "Jezik", skip: "Preskoči do provjere",
      title: "Provjera diplome",
      intro: "Provjerite je li diploma vjerodostojna: izdalo ju je ministarstvo, nije mijenjana i nije opozvana.",
      pasteLabel: "Vjerodajnica diplome",
      pasteHint: "Zalijepite cijeli tekst elektronske diplome (počinje sa \u201Eey\u201C) ili skenirajte QR kod na štampanoj diplomi.",
      verify: "Provjeri", verifying: "Provjera\u2026", empty: "Zalijepite vjerodajnicu diplome prije provjere.",
      reasonLabel: "Detalji (na engleskom)", diplomaTitle: "Diploma",
      replaces: "Ova diploma zamjenjuje raniju diplomu", holder: "Imalac diplome", birthDate: "Datum rođenja", achievement: "Diploma",
      achievementEn: "Na engleskom", programme: "Program", school: "Škola", term: "Školska godina", awarded: "Datum dodjele",
      issuer: "Izdavalac", credentialId: "Identifikator diplome", marks: "Ocjene", subject: "Predmet", mark: "Ocjena",
      printLink: "Diploma za štampu",
      footer: "Ova stranica provjerava digitalni potpis diplome i status opoziva kod izdavaoca.",
      verdicts: {
        valid: ["Važeća diploma", "Diploma je vjerodostojna: potpisao ju je izdavalac, nije mijenjana i nije opozvana."],
        revoked: ["Opozvana diploma", "Ovu diplomu je izdao izdavalac, ali je naknadno opozvana. Više nije važeća."],
        tampered: ["Izmijenjena ili krivotvorena", "Potpis ne odgovara sadržaju: diploma je izmijenjena nakon izdavanja "
          + "ili je nije izdao ovaj izdavalac. Njen sadržaj se ne prikazuje."],
        unknown_issuer: ["Nepoznat izdavalac", "Diplomu je potpisao izdavalac kojeg ova usluga ne poznaje; ovdje se ne može provjeriti."],
        malformed: ["Nije vjerodajnica diplome", "Uneseni tekst nije čitljiva vjerodajnica diplome. Provjerite je li kopiran cijeli tekst."],
        not_found: ["Diploma nije pronađena", "Nema diplome s ovim identifikatorom."],
        error: ["Provjera nije uspjela", "Usluga provjere nije dostupna ili nije odgovorila. Pokušajte ponovo kasnije."]
      }
    },
    tr: {
      pageTitle: "Diploma doğrulama", brand: "Diploma doğrulama", language: "Dil", skip: "Doğrulamaya geç",
      title: "Diploma doğrulama",
      intro: "Bir diplomanın gerçek olduğunu kontrol edin: bakanlık tarafından verilmiş, değiştirilmemiş ve iptal edilmemiş.",
      pasteLabel: "Elektronik diploma",
      pasteHint: "Elektronik diplomanın metninin tamamını yapıştırın (\u201Eey\u201C ile başlar) veya basılı diplomadaki QR kodunu tarayın.",
      verify: "Doğrula", verifying: "Doğrulanıyor\u2026", empty: "Doğrulamadan önce bir elektronik diploma yapıştırın.",
      reasonLabel: "Ayrıntılar (İngilizce)", diplomaTitle: "Diploma",
      replaces: "Bu diploma daha önceki bir diplomanın yerine geçer", holder: "Diploma sahibi", birthDate: "Doğum tarihi",
      achievement: "Diploma", achievementEn: "İngilizcesi", programme: "Program", school: "Okul", term: "Öğretim yılı",
      awarded: "Veriliş tarihi", issuer: "Düzenleyen", credentialId: "Diploma tanımlayıcısı", marks: "Notlar", subject: "Ders",
      mark: "Not", printLink: "Yazdırılabilir diploma",
      footer: "Bu sayfa diplomanın dijital imzasını ve iptal durumunu düzenleyen kurumda kontrol eder.",
      verdicts: {
        valid: ["Geçerli diploma", "Diploma gerçektir: düzenleyen kurum tarafından imzalanmış, değiştirilmemiş ve iptal edilmemiştir."],
        revoked: ["İptal edilmiş diploma", "Bu diploma düzenleyen kurum tarafından verilmiş, ancak daha sonra iptal edilmiştir. Artık geçerli değildir."],
        tampered: ["Değiştirilmiş veya sahte", "İmza içerikle uyuşmuyor: diploma verildikten sonra değiştirilmiş "
          + "ya da bu kurum tarafından verilmemiştir. İçeriği gösterilmez."],
        unknown_issuer: ["Bilinmeyen düzenleyen", "Diploma bu hizmetin tanımadığı bir kurum tarafından imzalanmış; burada doğrulanamaz."],
        malformed: ["Elektronik diploma değil", "Girilen metin okunabilir bir elektronik diploma değil. Metnin tamamının kopyalandığını kontrol edin."],
        not_found: ["Diploma bulunamadı", "Bu tanımlayıcıya sahip bir diploma yok."],
        error: ["Doğrulama yapılamadı", "Doğrulama hizmetine ulaşılamadı veya yanıt vermedi. Daha sonra tekrar deneyin."]
      }
    }
  };
  var LOCALES = { en: "en-GB", sq: "sq-AL", bs: "bs-BA", tr: "tr-TR" };
  var GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  var language = "en";
  var last = null; // the last outcome shown: { verdict, reason, credential }

  function $(id) { return document.getElementById(id); }

  function supported(tag) {
    var primary = String(tag || "").trim().toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(TEXTS, primary) ? primary : null;
  }

  function initialLanguage(params) {
    var asked = supported(params.get("lang"));
    if (asked) return asked;
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < preferred.length; i++) {
      var found = supported(preferred[i]);
      if (found) return found;
    }
    return "en";
  }

  function t(key) { return TEXTS[language][key] || TEXTS.en[key] || key; }

  function applyLanguage() {
    document.documentElement.lang = language;
    document.title = t("pageTitle");
    $("language").value = language;
    var nodes = document.querySelectorAll("[data-i18n]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute("data-i18n"));
    if (last) show(last, false);
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return "";
    return String(value).trim();
  }

  function formatDate(value) {
    var raw = text(value);
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw);
    if (!match) return raw;
    var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    try {
      return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: "long", timeZone: "UTC" }).format(date);
    } catch (e) {
      return match[0];
    }
  }

  function setField(id, value) {
    var node = $(id);
    node.textContent = value;
    node.parentElement.hidden = value === "";
  }

  function guidOf(credentialId) {
    var tail = text(credentialId).split("/").pop();
    return GUID.test(tail) ? tail : null;
  }

  function renderDiploma(credential, verdict) {
    var vc = credential && typeof credential === "object" && credential.vc && typeof credential.vc === "object" ? credential.vc : credential || {};
    var subject = vc.credentialSubject && typeof vc.credentialSubject === "object" ? vc.credentialSubject : {};
    var achievement = subject.achievement && typeof subject.achievement === "object" ? subject.achievement : {};
    var issuer = vc.issuer;
    var issuerName = issuer && typeof issuer === "object" ? text(issuer.name) || text(issuer.id) : text(issuer);
    var source = subject.source && typeof subject.source === "object" ? subject.source : {};

    setField("holder-name", (text(subject.givenName) + " " + text(subject.familyName)).trim());
    setField("birth-date", formatDate(subject.birthDate));
    setField("achievement-name", text(achievement.name));
    var inLanguage = text(achievement.inLanguage);
    if (/^[A-Za-z0-9-]{1,35}$/.test(inLanguage)) $("achievement-name").lang = inLanguage; else $("achievement-name").removeAttribute("lang");
    var english = text(achievement.nameInEnglish);
    setField("achievement-en", english === text(achievement.name) ? "" : english);
    setField("programme", text(achievement.fieldOfStudy));
    setField("school", text(source.name));
    setField("term", text(subject.term));
    setField("awarded", formatDate(vc.awardedDate || vc.validFrom));
    setField("issuer", issuerName);
    setField("credential-id", text(vc.id));

    var replaced = text(vc.replaces);
    $("replaces-id").textContent = replaced;
    $("replaces").hidden = replaced === "";

    var names = {};
    (Array.isArray(achievement.resultDescription) ? achievement.resultDescription : []).forEach(function (d) {
      if (d && typeof d === "object" && text(d.id)) names[text(d.id)] = text(d.name);
    });
    var body = $("marks").tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    var results = Array.isArray(subject.result) ? subject.result : [];
    results.forEach(function (r) {
      if (!r || typeof r !== "object") return;
      var row = document.createElement("tr");
      var name = document.createElement("th");
      name.scope = "row";
      var reference = text(r.resultDescription);
      name.textContent = names[reference] || reference;
      var mark = document.createElement("td");
      mark.textContent = text(r.value);
      row.appendChild(name);
      row.appendChild(mark);
      body.appendChild(row);
    });
    $("marks-section").hidden = body.rows.length === 0;

    var id = guidOf(vc.id);
    var link = $("print-link");
    link.parentElement.hidden = !(id && verdict === "valid");
    if (id) link.href = "/credentials/" + id + "/print?lang=" + language;

    $("diploma").className = verdict === "revoked" ? "revoked" : "";
    $("diploma").hidden = false;
  }

  function show(outcome, moveFocus) {
    last = outcome;
    var verdict = Object.prototype.hasOwnProperty.call(TEXTS.en.verdicts, outcome.verdict) ? outcome.verdict : "error";
    var words = TEXTS[language].verdicts[verdict];
    var box = $("verdict");
    box.className = "verdict verdict-" + verdict;
    $("verdict-title").textContent = words[0];
    $("verdict-explanation").textContent = words[1];
    $("reason").textContent = text(outcome.reason);
    $("reason").parentElement.hidden = text(outcome.reason) === "";
    $("outcome").setAttribute("data-verdict", verdict);
    $("outcome").hidden = false;
    if ((verdict === "valid" || verdict === "revoked") && outcome.credential && typeof outcome.credential === "object") {
      renderDiploma(outcome.credential, verdict);
    } else {
      $("diploma").hidden = true;
    }
    if (moveFocus) $("verdict-title").focus();
  }

  function busy(on) {
    var button = $("verify");
    button.disabled = on;
    button.textContent = on ? t("verifying") : t("verify");
    document.body.setAttribute("data-state", on ? "verifying" : "done");
  }

  function verify(jws) {
    busy(true);
    return fetch("/credentials/verify", {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8", "Accept": "application/json" },
      body: jws,
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (answer) {
      show({ verdict: answer.verdict, reason: answer.reason, credential: answer.credential }, true);
    }).catch(function (error) {
      show({ verdict: "error", reason: String(error && error.message || error), credential: null }, true);
    }).then(function () { busy(false); });
  }

  function verifyById(id) {
    busy(true);
    return fetch("/credentials/" + encodeURIComponent(id), { headers: { "Accept": "application/vc+jwt" }, credentials: "omit" })
      .then(function (response) {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      }).then(function (jws) {
        if (jws === null) {
          show({ verdict: "not_found", reason: "", credential: null }, true);
          busy(false);
          return null;
        }
        $("credential").value = jws.trim();
        return verify(jws.trim());
      }).catch(function (error) {
        show({ verdict: "error", reason: String(error && error.message || error), credential: null }, true);
        busy(false);
      });
  }

  function start() {
    var params = new URLSearchParams(window.location.search);
    language = initialLanguage(params);
    applyLanguage();

    $("language").addEventListener("change", function () {
      language = supported(this.value) || "en";
      var url = new URL(window.location.href);
      url.searchParams.set("lang", language);
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
      applyLanguage();
    });

    $("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var jws = $("credential").value.replace(/\s+/g, "");
      var error = $("credential-error");
      if (jws === "") {
        error.textContent = t("empty");
        error.hidden = false;
        $("credential").setAttribute("aria-invalid", "true");
        $("credential").focus();
        return;
      }
      error.hidden = true;
      $("credential").removeAttribute("aria-invalid");
      verify(jws);
    });

    var id = (params.get("id") || "").trim();
    if (id !== "") {
      if (GUID.test(id)) verifyById(id);
      else show({ verdict: "not_found", reason: "", credential: null }, false);
    } else {
      document.body.setAttribute("data-state", "ready");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
