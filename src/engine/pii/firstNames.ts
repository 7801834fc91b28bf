// Common given names, written by us from general knowledge (no external list copied), across the
// languages our customers write in. Lower-case; matched only when capitalised in the text. Names
// that are also everyday English words (Will, May, Mark, Bill, Grace, Hope, Rose, Summer, Art,
// Frank, Sunny, Joy, Faith, Amber, Ivy, Jack) are left out: redacting them would eat ordinary text.
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `
aaron abdul abdullah abigail abraham ada adam adrian adriana agnes ahmed aidan aisha alan albert alberto
alejandro aleksandr alex alexander alexandra alexis alfred ali alice alicia alina alison amanda amelia amir
amy ana anastasia anders andrea andreas andrei andrew andy angela angelo anita ann anna anne annika anthony
anton antonio arjun arthur ashley astrid aurora barbara beatrice ben benjamin bernard bethany bianca bjorn
bogdan boris brandon brian bridget bruno caitlin camila camille carl carla carlos carmen carol caroline
carolyn catherine cecilia charles charlie charlotte chen chloe chris christian christina christine
christopher claire clara claudia colin connor craig cristina cynthia daniel daniela danielle daria david
deborah denis dennis diana diego dimitri dmitri dmitry dominic donald donna dorothy douglas dylan edward
elena eli elif elijah elisa elizabeth ella ellen elsa emil emily emma eric erik erika ethan eva evelyn
fatima felix fernando filip fiona francesca francesco francisco freya gabriel gabriela gary george
georgia gerald gianni giorgio giulia giuseppe gloria gregory greta gunnar gustav hana hannah hans harold
harry hassan heather heinz helen helena henrik henry hiroshi hugo ian igor ingrid irene iris isaac isabel
isabella ivan jacob jacqueline james jamie jan jana jane janet janine jason javier jean jeffrey jennifer
jens jeremy jerome jessica joan joanna joao joe johan johann johanna john jonas jonathan jordan jorge jose
josef joseph joshua juan judith julia julian julie juliet justin kai karen karim karin karl kate katherine
kathleen katie katarina kayla keith kelly kenneth kevin kim kimberly klaus kristina kurt lara larissa
laura lauren lea leah lena leo leon leonardo liam lily linda lisa lorenzo louis louise lucas lucia lucy
luis luka lukas luke madison magnus manuel marcel marco marcus margaret margarita maria mariana marie
marina mario marion marta martha martin mary mateo mathias matilda matteo matthew maurice max maxim maya
megan mehmet melanie melissa mia michael michaela michelle miguel mikhail milan milena mohamed mohammed
monica muhammad nadia natalia natasha nathan nicholas nicola nicolas nicole niklas nikolai nina noah nora
olga oliver olivia omar oscar pablo pamela paolo patricia patrick paul paula pedro peter petra philip
pierre pietro priya rachel rafael rahul raj ralph rebecca richard rita robert roberto robin roger roman
ronald rosa ruben ruth ryan sabrina samantha samuel sandra sara sarah sebastian sergei sergio shannon
sharon sofia sophia sophie stefan stefano stephanie stephen steven susan svetlana sven tanya tatiana
teresa thomas tiago timothy tobias tom tomas tony tyler ursula valentina vanessa vera veronica victor
victoria vincent viktor vladimir walter wei william xavier yasmin yuki yusuf zachary zoe zoltan
`
    .split(/\s+/)
    .filter((n) => n.length > 0),
);
