//! People's names the way Kazakhstan writes them: given names by sex, surnames and patronymics
//! in the feminine form for women (Серікова, Нұрланқызы) and the masculine for men (Сериков,
//! Нұрланұлы), drawn from the cultures of the movement's wings.

/// One culture's names. Surnames are stored in the masculine form.
pub struct Culture {
    /// The wing of this culture's association, as the demo names it.
    pub wing: &'static str,
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    pub surnames: &'static [&'static str],
    /// Korean surnames (Ким, Шин) keep one form for both sexes even when they look Russian.
    pub surnames_inflect: bool,
    /// Fathers' names for a Kazakh patronymic used as the surname (Нұрланұлы, Нұрланқызы).
    pub fathers: &'static [&'static str],
}

pub const KAZAKH: Culture = Culture {
    wing: "",
    male: &[
        "Нұрсұлтан",
        "Ерлан",
        "Арман",
        "Темірлан",
        "Асқар",
        "Дәурен",
        "Бауыржан",
        "Ержан",
        "Әлихан",
        "Мирас",
        "Санжар",
        "Ерасыл",
        "Дидар",
        "Айбек",
    ],
    female: &[
        "Әйгерім",
        "Айгүл",
        "Дана",
        "Жансая",
        "Мөлдір",
        "Ұлжан",
        "Аружан",
        "Томирис",
        "Балнұр",
        "Гүлназ",
        "Меруерт",
        "Інжу",
        "Ақбота",
        "Назерке",
    ],
    surnames: &[
        "Серіков",
        "Жақсылықов",
        "Омаров",
        "Әбдірахманов",
        "Қасымов",
        "Төлеуов",
        "Ахметов",
        "Сейітов",
        "Оспанов",
        "Жұмабаев",
        "Сәрсенбаев",
        "Нұрмағамбетов",
        "Бекболатов",
        "Тоқтаров",
        "Ибраев",
        "Мұқанов",
    ],
    surnames_inflect: true,
    fathers: &[
        "Нұрлан",
        "Серік",
        "Бақыт",
        "Қайрат",
        "Талғат",
        "Мұрат",
        "Болат",
        "Ғалым",
        "Ерлан",
    ],
};

pub const RUSSIAN: Culture = Culture {
    wing: "Орыс жастары",
    male: &[
        "Дмитрий",
        "Сергей",
        "Алексей",
        "Андрей",
        "Максим",
        "Никита",
        "Артём",
        "Иван",
        "Кирилл",
    ],
    female: &[
        "Анна",
        "Мария",
        "Елена",
        "Ольга",
        "Екатерина",
        "Анастасия",
        "Дарья",
        "Ксения",
        "Полина",
    ],
    surnames: &[
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Соколов",
        "Лебедев",
        "Морозов",
        "Волков",
        "Новиков",
        "Павлов",
        "Семенов",
        "Лукин",
    ],
    surnames_inflect: true,
    fathers: &[],
};

/// The other cultures, one a wing; the wingless draw from them in `WINGLESS_SHARES`.
pub const WING_CULTURES: [Culture; 13] = [
    Culture {
        wing: "Корей жастары",
        male: &[
            "Виктор",
            "Владимир",
            "Олег",
            "Денис",
            "Александр",
            "Роман",
            "Эдуард",
            "Вячеслав",
        ],
        female: &[
            "Виктория",
            "Марина",
            "Светлана",
            "Алина",
            "Ирина",
            "Кристина",
            "Валерия",
        ],
        surnames: &[
            "Ким", "Пак", "Ли", "Цой", "Тен", "Хан", "Югай", "Шин", "Огай", "Ни",
        ],
        surnames_inflect: false,
        fathers: &[],
    },
    Culture {
        wing: "Өзбек жастары",
        male: &["Шахзод", "Бахтиёр", "Жасур", "Улугбек", "Азиз", "Фарход"],
        female: &["Дилноза", "Шахноза", "Нилуфар", "Севара", "Малика", "Зарина"],
        surnames: &[
            "Усманов",
            "Каримов",
            "Рахимов",
            "Юлдашев",
            "Абдуллаев",
            "Мирзаев",
            "Хакимов",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Украин жастары",
        male: &["Тарас", "Богдан", "Андрей", "Олег", "Николай", "Виталий"],
        female: &["Оксана", "Олеся", "Наталья", "Галина", "Ирина", "Юлия"],
        surnames: &[
            "Шевченко",
            "Бондаренко",
            "Коваленко",
            "Ткаченко",
            "Гончаренко",
            "Кравчук",
            "Мельник",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Ұйғыр жастары",
        male: &["Рустам", "Ильхам", "Дилшат", "Арслан", "Шухрат", "Алим", "Эркин"],
        female: &[
            "Дильназ",
            "Гульмира",
            "Мухаббат",
            "Назугум",
            "Дильнура",
            "Зульфия",
            "Мадина",
        ],
        surnames: &[
            "Юсупов",
            "Масимов",
            "Хамраев",
            "Исмаилов",
            "Турсунов",
            "Аблизов",
            "Розахунов",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Татар жастары",
        male: &["Айдар", "Ринат", "Ильдар", "Марат", "Рамиль", "Тимур"],
        female: &["Гульнара", "Альфия", "Лейсан", "Алсу", "Резеда", "Диляра"],
        surnames: &["Галиев", "Сафин", "Хабибуллин", "Зарипов", "Гарипов", "Ахметшин"],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Неміс жастары",
        male: &["Александр", "Андрей", "Давид", "Артур", "Роберт", "Генрих"],
        female: &["Эльвира", "Наталья", "Кристина", "Эмилия", "Лидия", "Ирина"],
        surnames: &[
            "Шмидт",
            "Миллер",
            "Вебер",
            "Фишер",
            "Беккер",
            "Шульц",
            "Вагнер",
            "Гейнц",
            "Кляйн",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Әзербайжан жастары",
        male: &["Эльчин", "Рашад", "Орхан", "Тогрул", "Фарид", "Руслан"],
        female: &["Лейла", "Айтен", "Гюнай", "Севиль", "Нигяр", "Айнур"],
        surnames: &["Мамедов", "Алиев", "Гасанов", "Гусейнов", "Рзаев", "Керимов"],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Түрік жастары",
        male: &["Ахмед", "Мехмет", "Исмаил", "Осман", "Али", "Мурат"],
        female: &["Айше", "Фатма", "Зейнеп", "Эмине", "Мерьем", "Хатидже"],
        surnames: &[
            "Ибрагимов",
            "Османов",
            "Абасов",
            "Сулейманов",
            "Хасанов",
            "Шахбазов",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Дүнген жастары",
        male: &["Ильяс", "Юсуп", "Хасан", "Раис", "Мухамед", "Ахмед"],
        female: &["Зульфия", "Айша", "Хадиша", "Сабина", "Мариям", "Асия"],
        surnames: &["Дауров", "Сушанло", "Мансуров", "Ясыров", "Хаваза", "Шимаров"],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Поляк жастары",
        male: &["Станислав", "Казимир", "Владислав", "Виктор", "Ян", "Эдуард"],
        female: &["Ядвига", "Ванда", "Беата", "Анна", "Тереза", "Кристина"],
        surnames: &[
            "Ковальский",
            "Новицкий",
            "Левандовский",
            "Вишневский",
            "Каминский",
            "Зелинский",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Шешен жастары",
        male: &["Ислам", "Магомед", "Рамзан", "Адам", "Хасан", "Шамиль"],
        female: &["Хава", "Мадина", "Седа", "Марьям", "Залина", "Петимат"],
        surnames: &["Мусаев", "Исаев", "Бисултанов", "Умаров", "Тагаев", "Шамилев"],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Белорус жастары",
        male: &["Павел", "Иван", "Алесь", "Сергей", "Михаил", "Андрей"],
        female: &["Алеся", "Татьяна", "Светлана", "Наталья", "Вероника", "Ольга"],
        surnames: &["Карпович", "Лукашевич", "Жук", "Климович", "Статкевич", "Новик"],
        surnames_inflect: true,
        fathers: &[],
    },
    Culture {
        wing: "Грек жастары",
        male: &[
            "Георгий",
            "Константин",
            "Николай",
            "Дмитрий",
            "Василий",
            "Христофор",
        ],
        female: &["Елена", "Софья", "Александра", "Ирина", "Афина", "Зоя"],
        surnames: &[
            "Попандопуло",
            "Кесиди",
            "Савиди",
            "Харитониди",
            "Иоаниди",
            "Триандафилиди",
        ],
        surnames_inflect: true,
        fathers: &[],
    },
];

/// Members with no wing, per thousand: mostly Kazakh and Russian, then the larger diasporas
/// (Uzbek, Uyghur, Tatar, Korean, German, Ukrainian). The rest is Kazakh.
const WINGLESS_SHARES: [(&str, u64); 7] = [
    ("Орыс жастары", 180),
    ("Өзбек жастары", 35),
    ("Ұйғыр жастары", 30),
    ("Украин жастары", 20),
    ("Корей жастары", 20),
    ("Неміс жастары", 20),
    ("Татар жастары", 15),
];

/// The culture of a wing's association; Kazakh for a wing the demo does not know.
pub fn culture_of_wing(wing: &str) -> &'static Culture {
    if wing == RUSSIAN.wing {
        return &RUSSIAN;
    }
    WING_CULTURES.iter().find(|c| c.wing == wing).unwrap_or(&KAZAKH)
}

/// Whose names a member gets: mostly their wing's (seven in ten; the rest are Kazakh or Russian
/// friends who joined); without a wing, the country's mix.
pub fn culture_for(wing: Option<&str>, roll: u64) -> &'static Culture {
    let per_mille = roll % 1000;
    match wing {
        Some(wing) if per_mille < 700 => culture_of_wing(wing),
        Some(_) if per_mille < 900 => &KAZAKH,
        Some(_) => &RUSSIAN,
        None => {
            let mut bound = 0;
            for (wing, share) in WINGLESS_SHARES {
                bound += share;
                if per_mille < bound {
                    return culture_of_wing(wing);
                }
            }
            &KAZAKH
        }
    }
}

/// The feminine form of a masculine surname or patronymic: Серіков → Серікова,
/// Нұрланұлы → Нұрланқызы, Ковальский → Ковальская; Шевченко and Шмидт stay as they are.
pub fn feminine(surname: &str) -> String {
    if let Some(stem) = surname.strip_suffix("ұлы") {
        return format!("{stem}қызы");
    }
    for (masculine, feminine) in [("ский", "ская"), ("цкий", "цкая")] {
        if let Some(stem) = surname.strip_suffix(masculine) {
            return format!("{stem}{feminine}");
        }
    }
    if ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|end| surname.ends_with(end))
    {
        return format!("{surname}а");
    }
    surname.to_owned()
}

/// A full name, "given surname", from independent rolls: a woman one time in two, a Kazakh
/// patronymic instead of a surname one Kazakh in four.
pub fn full_name(culture: &Culture, roll: u64) -> String {
    let female = roll.is_multiple_of(2);
    let roll = roll / 2;
    let given = if female { culture.female } else { culture.male };
    let given = given[(roll % given.len() as u64) as usize];
    let roll = roll / given.len().max(1) as u64;
    let masculine = if !culture.fathers.is_empty() && roll.is_multiple_of(4) {
        let father = culture.fathers[(roll / 4 % culture.fathers.len() as u64) as usize];
        format!("{father}ұлы")
    } else {
        culture.surnames[(roll / 4 % culture.surnames.len() as u64) as usize].to_owned()
    };
    let surname = if female && culture.surnames_inflect {
        feminine(&masculine)
    } else {
        masculine
    };
    format!("{given} {surname}")
}

/// Whether a given name is a woman's in any culture the demo knows.
pub fn is_female_given_name(given: &str) -> bool {
    all_cultures().any(|c| c.female.contains(&given))
}

/// Whether a given name is a man's in any culture the demo knows.
pub fn is_male_given_name(given: &str) -> bool {
    all_cultures().any(|c| c.male.contains(&given))
}

fn all_cultures() -> impl Iterator<Item = &'static Culture> {
    [&KAZAKH, &RUSSIAN].into_iter().chain(WING_CULTURES.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_and_patronymics_take_the_feminine_form() {
        assert_eq!(feminine("Серіков"), "Серікова");
        assert_eq!(feminine("Нұрланұлы"), "Нұрланқызы");
        assert_eq!(feminine("Жұмабаев"), "Жұмабаева");
        assert_eq!(feminine("Хабибуллин"), "Хабибуллина");
        assert_eq!(feminine("Ковальский"), "Ковальская");
        assert_eq!(feminine("Новицкий"), "Новицкая");
        assert_eq!(feminine("Шевченко"), "Шевченко");
        assert_eq!(feminine("Шмидт"), "Шмидт");
    }

    #[test]
    fn a_name_agrees_with_the_persons_sex() {
        for roll in 0..2_000 {
            for culture in all_cultures() {
                let name = full_name(culture, roll * 7_919);
                let (given, surname) = name.split_once(' ').unwrap();
                let female = is_female_given_name(given) && !is_male_given_name(given);
                if female {
                    assert!(!surname.ends_with("ұлы") && !surname.ends_with("ов"), "{name}");
                } else if !is_female_given_name(given) {
                    assert!(!surname.ends_with("қызы") && !surname.ends_with("ова"), "{name}");
                }
            }
        }
    }

    #[test]
    fn korean_surnames_keep_one_form() {
        let korean = culture_of_wing("Корей жастары");
        for roll in 0..200 {
            let name = full_name(korean, roll);
            let surname = name.split_once(' ').unwrap().1;
            assert!(korean.surnames.contains(&surname), "{name}");
        }
    }

    #[test]
    fn wing_members_mostly_carry_their_wings_names_and_the_wingless_are_mostly_kazakh() {
        let korean = (0..1000)
            .filter(|&r| culture_for(Some("Корей жастары"), r).wing == "Корей жастары")
            .count();
        assert_eq!(korean, 700);
        let kazakh = (0..1000)
            .filter(|&r| culture_for(None, r).wing.is_empty())
            .count();
        assert_eq!(kazakh, 680);
    }
}
