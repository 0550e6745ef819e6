namespace Emis.Credentials.Diplomas.Pages;

/// <summary>
/// The languages the public diploma pages speak (Albanian, Bosnian, Turkish and English) and the printed diploma's labels in
/// each. The verify page carries its own copy of its texts (verify.js): it is a static page that runs without Emis's help.
/// </summary>
internal static class PageLanguages
{
    public const string Default = "en";

    public static readonly IReadOnlyList<string> All = ["sq", "bs", "tr", "en"];

    /// <summary>The language asked for (<c>sq</c>, <c>bs-Latn</c>, <c>TR</c>…) when the pages speak it, otherwise English.</summary>
    public static string Pick(string? asked)
    {
        var primary = (asked ?? "").Trim().Split('-', '_')[0].ToLowerInvariant();
        return All.Contains(primary) ? primary : Default;
    }

    public sealed record PrintLabels(
        string Diploma, string AwardedTo, string BirthDate, string Programme, string School, string Term, string Awarded,
        string Issuer, string Marks, string Subject, string Mark, string Replaces, string VerifyAt, string ScanToVerify,
        string CredentialId, string NotFoundTitle, string NotFoundText, string Print, string Revoked);

    public static PrintLabels Print(string language) => language switch
    {
        "sq" => new PrintLabels("Diplomë", "Kjo diplomë i jepet", "Data e lindjes", "Programi", "Shkolla", "Viti shkollor",
            "Data e dhënies", "Lëshuesi", "Notat", "Lënda", "Nota", "Kjo diplomë zëvendëson diplomën e mëparshme",
            "Verifikoni këtë diplomë në", "Skanoni për ta verifikuar", "Identifikuesi i diplomës",
            "Diploma nuk u gjet", "Nuk ka diplomë me këtë identifikues.", "Shtyp",
            "E REVOKUAR: kjo diplomë është revokuar nga lëshuesi dhe nuk është më e vlefshme."),
        "bs" => new PrintLabels("Diploma", "Ova diploma se dodjeljuje", "Datum rođenja", "Program", "Škola", "Školska godina",
            "Datum dodjele", "Izdavalac", "Ocjene", "Predmet", "Ocjena", "Ova diploma zamjenjuje raniju diplomu",
            "Provjerite ovu diplomu na", "Skenirajte za provjeru", "Identifikator diplome",
            "Diploma nije pronađena", "Nema diplome s ovim identifikatorom.", "Štampaj",
            "OPOZVANA: izdavalac je opozvao ovu diplomu i ona više nije važeća."),
        "tr" => new PrintLabels("Diploma", "Bu diploma verilmiştir", "Doğum tarihi", "Program", "Okul", "Öğretim yılı",
            "Veriliş tarihi", "Düzenleyen", "Notlar", "Ders", "Not", "Bu diploma daha önceki bir diplomanın yerine geçer",
            "Bu diplomayı doğrulayın", "Doğrulamak için tarayın", "Diploma tanımlayıcısı",
            "Diploma bulunamadı", "Bu tanımlayıcıya sahip bir diploma yok.", "Yazdır",
            "İPTAL EDİLDİ: bu diploma düzenleyen kurum tarafından iptal edilmiştir ve artık geçerli değildir."),
        _ => new PrintLabels("Diploma", "This diploma is awarded to", "Date of birth", "Programme", "School", "School year",
            "Date awarded", "Issuer", "Marks", "Subject", "Mark", "This diploma replaces an earlier diploma",
            "Verify this diploma at", "Scan to verify", "Diploma identifier",
            "Diploma not found", "There is no diploma with this identifier.", "Print",
            "REVOKED: the issuer has revoked this diploma; it is no longer valid."),
    };
}
