//! The Bot API as handlers talk to it: teloxide's [`teloxide::Bot`], with every message paced
//! within Telegram's budget and every 429 waited out.
//!
//! Telegram takes about 30 messages a second from a bot in all, one a second per chat after a
//! short burst and twenty a minute per group, and answers 429 with `retry_after` to whatever
//! goes beyond. Replies share that budget with the delivery queue's bulk messages through one
//! [`Pacer`]: a reply takes the first slot its chat allows, in the order asked, and bulk only
//! what replies leave. So a rush of people (300 opening the bot at a forum in the same minute)
//! is answered at Telegram's pace, nobody's reply lost, and an announcement going out at the
//! same time waits for them.
//!
//! [`Bot`] derefs to teloxide's bot for everything else; its own methods are the ones that send
//! or edit a message (paced) and the answer to a button press (not paced: Telegram waits for it
//! no more than about 15 s, and it is not a message, but a 429 on it is still waited out).

use std::future::IntoFuture;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use teloxide::RequestError;
use teloxide::payloads;
use teloxide::prelude::Requester;
use teloxide::requests::{HasPayload, JsonRequest, MultipartRequest, Output, Request};
use teloxide::types::{CallbackQueryId, InputFile, MessageId, Recipient};
use tokio::time::Instant;

use super::limits::{Pacer, admitted};

/// How many 429s one message waits out before its sender gets the error.
const MAX_RETRIES: u32 = 5;

/// teloxide's bot with replies paced (see the module's documentation).
#[derive(Clone, Debug)]
pub struct Bot {
    inner: teloxide::Bot,
    pacer: Arc<Mutex<Pacer>>,
}

impl Deref for Bot {
    type Target = teloxide::Bot;

    fn deref(&self) -> &teloxide::Bot {
        &self.inner
    }
}

impl Bot {
    /// Replies through `inner`, within the budget `pacer` keeps for every message.
    pub fn new(inner: teloxide::Bot, pacer: Arc<Mutex<Pacer>>) -> Self {
        Self { inner, pacer }
    }

    fn paced<R>(&self, chat: &Recipient, request: R) -> Paced<R> {
        let chat = match chat {
            Recipient::Id(id) => Some((id.0, !id.is_user())),
            Recipient::ChannelUsername(_) => None,
        };
        Paced {
            request,
            pace: Pace::Message(chat),
            pacer: self.pacer.clone(),
        }
    }

    pub fn send_message<C, T>(&self, chat_id: C, text: T) -> Paced<JsonRequest<payloads::SendMessage>>
    where
        C: Into<Recipient>,
        T: Into<String>,
    {
        let chat = chat_id.into();
        self.paced(&chat.clone(), self.inner.send_message(chat, text))
    }

    pub fn send_photo<C>(&self, chat_id: C, photo: InputFile) -> Paced<MultipartRequest<payloads::SendPhoto>>
    where
        C: Into<Recipient>,
    {
        let chat = chat_id.into();
        self.paced(&chat.clone(), self.inner.send_photo(chat, photo))
    }

    pub fn send_document<C>(
        &self,
        chat_id: C,
        document: InputFile,
    ) -> Paced<MultipartRequest<payloads::SendDocument>>
    where
        C: Into<Recipient>,
    {
        let chat = chat_id.into();
        self.paced(&chat.clone(), self.inner.send_document(chat, document))
    }

    pub fn copy_message<C, F>(
        &self,
        chat_id: C,
        from_chat_id: F,
        message_id: MessageId,
    ) -> Paced<JsonRequest<payloads::CopyMessage>>
    where
        C: Into<Recipient>,
        F: Into<Recipient>,
    {
        let chat = chat_id.into();
        self.paced(
            &chat.clone(),
            self.inner.copy_message(chat, from_chat_id, message_id),
        )
    }

    pub fn edit_message_text<C, T>(
        &self,
        chat_id: C,
        message_id: MessageId,
        text: T,
    ) -> Paced<JsonRequest<payloads::EditMessageText>>
    where
        C: Into<Recipient>,
        T: Into<String>,
    {
        let chat = chat_id.into();
        self.paced(
            &chat.clone(),
            self.inner.edit_message_text(chat, message_id, text),
        )
    }

    pub fn edit_message_reply_markup<C>(
        &self,
        chat_id: C,
        message_id: MessageId,
    ) -> Paced<JsonRequest<payloads::EditMessageReplyMarkup>>
    where
        C: Into<Recipient>,
    {
        let chat = chat_id.into();
        self.paced(
            &chat.clone(),
            self.inner.edit_message_reply_markup(chat, message_id),
        )
    }

    pub fn answer_callback_query(
        &self,
        callback_query_id: CallbackQueryId,
    ) -> Paced<JsonRequest<payloads::AnswerCallbackQuery>> {
        Paced {
            request: self.inner.answer_callback_query(callback_query_id),
            pace: Pace::Immediate,
            pacer: self.pacer.clone(),
        }
    }
}

/// How a request waits for its turn.
#[derive(Clone, Copy, Debug)]
enum Pace {
    /// A message to this chat (id, whether a group), or to a channel by name (`None`): it
    /// takes a slot of the budget.
    Message(Option<(i64, bool)>),
    /// Goes at once (the answer to a button press).
    Immediate,
}

/// A request that waits for its slot, and after a 429 for Telegram's `retry_after`, before it
/// goes. Its parameters are set as on teloxide's requests (`.reply_markup(…)`), then awaited.
#[must_use = "a request does nothing until it is awaited"]
pub struct Paced<R> {
    request: R,
    pace: Pace,
    pacer: Arc<Mutex<Pacer>>,
}

impl<R: HasPayload> HasPayload for Paced<R> {
    type Payload = R::Payload;

    fn payload_mut(&mut self) -> &mut Self::Payload {
        self.request.payload_mut()
    }

    fn payload_ref(&self) -> &Self::Payload {
        self.request.payload_ref()
    }
}

impl<R> IntoFuture for Paced<R>
where
    R: Request<Err = RequestError> + Send + Sync + 'static,
    Output<R>: Send,
{
    type Output = Result<Output<R>, RequestError>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut retries = 0;
            loop {
                let at = match self.pace {
                    Pace::Message(Some((chat, is_group))) => self
                        .pacer
                        .lock()
                        .expect("pacer lock")
                        .reserve_reply(chat, is_group, Instant::now()),
                    Pace::Message(None) => self.pacer.lock().expect("pacer lock").paused_until(),
                    Pace::Immediate => Instant::now(),
                };
                tokio::time::sleep_until(at).await;
                if let Pace::Message(_) = self.pace {
                    admitted(&self.pacer).await;
                }
                match self.request.send_ref().await {
                    Err(RequestError::RetryAfter(wait)) if retries < MAX_RETRIES => {
                        retries += 1;
                        let wait = wait.duration().max(Duration::from_millis(100));
                        metrics::counter!("birlik_telegram_too_many_requests_total").increment(1);
                        tracing::warn!(
                            wait_s = wait.as_secs_f64(),
                            "Telegram asked to slow down; the reply waits"
                        );
                        self.pacer
                            .lock()
                            .expect("pacer lock")
                            .pause_until(Instant::now() + wait);
                        if let Pace::Immediate = self.pace {
                            tokio::time::sleep(wait).await;
                        }
                    }
                    answer => return answer,
                }
            }
        })
    }
}
