//! What a user does: each action returns what the bot showed the user in answer.

use birlik::i18n::Lang;

use super::super::fake_api::{Sent, TgUser};
use super::TestApp;

impl TestApp {
    pub async fn send(&self, user: &TgUser, text: &str) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_message(user, text);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    pub async fn share_contact(&self, user: &TgUser, phone: &str, contact_user_id: Option<i64>) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_contact(user, phone, contact_user_id);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    /// Sends a file as a document, with a caption when given.
    pub async fn send_document(
        &self,
        user: &TgUser,
        file_name: &str,
        bytes: &[u8],
        caption: Option<&str>,
    ) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_document(user, file_name, bytes, caption);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    pub async fn send_sticker(&self, user: &TgUser) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_sticker(user);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    /// Presses the inline button labelled `label` on the newest bot message that has it.
    pub async fn press(&self, user: &TgUser, label: &str) -> Vec<Sent> {
        let (message_id, data) = self.fake.find_button(user.id, label).unwrap_or_else(|| {
            panic!(
                "no button {label:?} in the chat; visible: {:?}",
                self.fake.visible_buttons(user.id)
            )
        });
        self.press_data(user, message_id, &data).await
    }

    /// Presses the button labelled `label` in the row that also has the button `row_label`.
    pub async fn press_in_row(&self, user: &TgUser, row_label: &str, label: &str) -> Vec<Sent> {
        let (message_id, data) = self
            .fake
            .find_button_in_row(user.id, row_label, label)
            .unwrap_or_else(|| panic!("no {label:?} next to {row_label:?}"));
        self.press_data(user, message_id, &data).await
    }

    /// [`press`](Self::press) for a press whose answer takes long: waits up to `patience`.
    pub async fn press_patiently(
        &self,
        user: &TgUser,
        label: &str,
        patience: std::time::Duration,
    ) -> Vec<Sent> {
        let (message_id, data) = self
            .fake
            .find_button(user.id, label)
            .unwrap_or_else(|| panic!("no button {label:?} in the chat"));
        let since = self.fake.call_count();
        let update_id = self.fake.user_presses(user, message_id, &data);
        self.wait_handled_within(update_id, patience).await;
        self.fake.sent_since(user.id, since)
    }

    /// Presses a button with arbitrary callback data on the bot message `message_id`.
    pub async fn press_data(&self, user: &TgUser, message_id: i64, data: &str) -> Vec<Sent> {
        let since = self.fake.call_count();
        let update_id = self.fake.user_presses(user, message_id, data);
        self.wait_handled(update_id).await;
        self.fake.sent_since(user.id, since)
    }

    /// Answers the bot gave to callback queries since call `since`: the little pop-ups.
    pub fn callback_answers_since(&self, since: usize) -> Vec<String> {
        self.fake.calls()[since..]
            .iter()
            .filter(|call| call.method == "answerCallbackQuery")
            .map(|call| call.params["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Goes through the whole registration dialogue as `user`, checking each step's question.
    pub async fn register(&self, user: &TgUser, reg: &Registration<'_>) {
        let lang = reg.lang;
        let language_label = self.text(lang, "language-name");
        self.send(user, "/start").await;
        let ticked = format!("✓ {language_label}");
        let label = if self.fake.find_button(user.id, &ticked).is_some() {
            ticked
        } else {
            language_label
        };
        let consent = self.press(user, &label).await;
        assert_eq!(consent.last().unwrap().text, self.text(lang, "reg-consent-text"));
        let name_question = self.press(user, &self.text(lang, "reg-consent-agree")).await;
        assert_eq!(
            name_question.last().unwrap().text,
            self.text(lang, "reg-ask-name")
        );
        let year_question = self.send(user, reg.name).await;
        assert_eq!(
            year_question.last().unwrap().text,
            self.text(lang, "reg-ask-birth-year")
        );
        let next = self.send(user, &reg.birth_year.to_string()).await;
        if next.last().unwrap().text == self.text(lang, "reg-guardian-question") {
            self.press(user, &self.text(lang, "reg-guardian-yes")).await;
        }
        self.press(user, reg.region).await;
        let wing_label = reg
            .wing
            .map(str::to_owned)
            .unwrap_or_else(|| self.text(lang, "wing-pick-none"));
        let phone_question = self.press(user, &wing_label).await;
        assert_eq!(
            phone_question.last().unwrap().text,
            self.text(lang, "reg-ask-phone")
        );
        match reg.phone {
            Some(phone) => self.share_contact(user, phone, Some(user.id)).await,
            None => self.send(user, &self.text(lang, "phone-skip")).await,
        };
        let done = self.press(user, &self.text(lang, "reg-confirm")).await;
        let welcome = self
            .locales
            .text_with(lang, "reg-done", &[("name", reg.name.into())]);
        assert_eq!(done.last().unwrap().text, welcome);
    }
}

/// Texts of what the bot showed, for assertions and failure messages.
pub fn texts(sent: &[Sent]) -> Vec<&str> {
    sent.iter().map(|s| s.text.as_str()).collect()
}

/// What a member types and picks during registration.
pub struct Registration<'a> {
    pub lang: Lang,
    pub name: &'a str,
    pub birth_year: i32,
    /// The region's button label in `lang`.
    pub region: &'a str,
    /// The wing's button label, or `None` for "Not in a wing".
    pub wing: Option<&'a str>,
    /// A phone number shared through the contact button, or `None` to skip.
    pub phone: Option<&'a str>,
}
